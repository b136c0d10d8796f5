// The HTTP console in real headless Chromium, against the real users
// service: a request of each body kind, the query table kept in step with the
// URL, auth helpers, the response with its status, headers and folding JSON,
// bad input refused before anything is sent, the call in the timeline,
// exported as curl and carried by a share link; the bridge's relay to a
// target that sends no CORS headers; and requests made from OpenAPI
// documents: the users service's own, and the public Petstore ones.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launch, openPage } from '../lib/browser.mjs';
import { ROOT, pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const NOWHERE = 'http://127.0.0.1:9';

/** Opens the console, which loads its module, and waits for the HTTP panel. */
async function openConsole(page) {
  await page.getByTestId('console-open').click();
  await page.getByTestId('http-panel').waitFor();
}

async function request(page, method, url) {
  await page.getByTestId('http-method').fill(method);
  await page.getByTestId('http-url').fill(url);
}

/** Sends the request and waits for its own record, then for `status`. */
async function send(page, status) {
  const entries = page.getByTestId('timeline-entry');
  const before = await entries.count();
  await page.getByTestId('http-send').click();
  await waitUntil(async () => (await entries.count()) > before, 'the call in the timeline');
  return waitForText(page, 'http-status', status);
}

const FIXTURES = join(ROOT, 'openapi/tests/fixtures');

/** Chooses the imported operation whose label starts with `label`. */
async function chooseOperation(page, label) {
  const select = page.getByTestId('http-openapi-operation');
  const value = await select.locator('option', { hasText: label }).first().getAttribute('value');
  await select.selectOption(value);
  await page.getByTestId('http-openapi-form').waitFor();
}

describe('HTTP console', () => {
  let site, users, closed, bridge, browser, services;

  before(async () => {
    site = await servePage();
    users = await startService('users', { ALLOWED_ORIGINS: site.origin, USERS_BIND: '127.0.0.1:0' });
    // A service that does not allow the page's origin: the browser gets no
    // response from it, the bridge does.
    closed = await startService('users', { ALLOWED_ORIGINS: 'http://elsewhere.test', USERS_BIND: '127.0.0.1:0' });
    bridge = await startService('bridge-server', {
      ALLOWED_ORIGINS: site.origin,
      BRIDGE_BIND: '127.0.0.1:0',
      HTTP_TARGETS: closed.url,
      PROBE_TARGETS: closed.url,
    });
    services = { users: users.url, greeter: NOWHERE, bridge: bridge.url };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await bridge?.stop();
    await closed?.stop();
    await users?.stop();
    await site?.close();
  });

  test('a target that refuses the page is reached through the bridge, and only an allowed one', async () => {
    const { page } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-url').fill(`${closed.url}/users/2`);
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-status', /network error/i);
    await page.getByTestId('http-route-hint').waitFor();
    // The bridge's diagnosis names the refusal and suggests its relay.
    await page.getByTestId('http-diagnose').click();
    await waitForText(page, 'http-diagnosis', /origin/);
    await waitForText(page, 'http-relay', /The bridge can reach it/);
    await page.getByTestId('http-through-bridge').click();
    await waitForText(page, 'http-status', /^200 OK$/);
    await waitForText(page, 'http-json', /"Grace Hopper"/);
    assert.equal(await page.getByTestId('http-route').inputValue(), 'bridge');
    await page.locator('[data-testid="timeline-entry"]', { hasText: 'via the bridge' }).first().waitFor();

    // The bridge relays to its HTTP_TARGETS only.
    await page.getByTestId('http-url').fill(`${users.url}/users/2`);
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-status', /^403 target_not_allowed$/);
    await waitForText(page, 'http-error', /is not a target this bridge may relay to \(see HTTP_TARGETS\)/);

    // Documents come the way requests go: this one only through the bridge.
    await page.getByTestId('http-openapi').click();
    await page.getByTestId('http-openapi-url').fill(`${closed.url}/openapi.json`);
    await waitForText(page, 'http-openapi-import', /^Import through the bridge$/);
    await page.getByTestId('http-openapi-import').click();
    await waitForText(page, 'http-openapi-status', /^Switchboard users .*: 5 operations$/);
    assert.equal(await page.getByTestId('http-openapi-server').inputValue(), closed.url);
  });

  test("the users service's own document: an operation's form makes the request", async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-openapi').click();
    assert.equal(await page.getByTestId('http-openapi-url').inputValue(), `${users.url}/openapi.json`);
    await page.getByTestId('http-openapi-import').click();
    await waitForText(page, 'http-openapi-status', /^Switchboard users .*\(OpenAPI 3\.1\.\d+\).*: 5 operations$/);
    assert.equal(await page.getByTestId('http-openapi-server').inputValue(), users.url);

    await chooseOperation(page, 'GET /users/{id}');
    await page.getByTestId('http-openapi-param-id').fill('4');
    await page.getByTestId('http-openapi-use').click();
    assert.equal(await page.getByTestId('http-url').inputValue(), `${users.url}/users/4`);
    await send(page, /^200 OK$/);
    await waitForText(page, 'http-json', /"Barbara Liskov"/);

    // The body starts as the document's example.
    await chooseOperation(page, 'POST /users');
    await page.getByTestId('http-openapi-use').click();
    assert.equal(await page.getByTestId('http-method').inputValue(), 'POST');
    const body = JSON.parse(await page.getByTestId('http-body-text').inputValue());
    assert.deepEqual(Object.keys(body).sort(), ['email', 'name']);
    await page.getByTestId('http-body-text').fill(JSON.stringify({ ...body, email: 'openapi@example.com' }));
    await send(page, /^201 Created$/);

    // The document survives a reload.
    await page.reload();
    await openConsole(page);
    await waitForText(page, 'http-openapi-status', /Switchboard users/);
    assert.deepEqual(problems, []);
  });

  test('the public Petstore documents, 3.0 and 3.1, import, and their operations make requests', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-openapi').click();
    for (const [file, version] of [['petstore-3.0.yaml', /3\.0\.\d+/], ['petstore-3.1.json', /3\.1\.\d+/]]) {
      await page.getByTestId('http-openapi-files').setInputFiles(join(FIXTURES, file));
      await waitForText(page, 'http-openapi-status', new RegExp(`Petstore.*\\(OpenAPI ${version.source}\\), from ${file}: \\d+ operations`));
      // Relative servers need the address the document describes; the users
      // service stands in for the Petstore here.
      await page.getByTestId('http-openapi-server').fill(`${users.url}/api/v3`);
      await chooseOperation(page, 'GET /pet/findByStatus');
      await page.getByTestId('http-openapi-param-status').fill('sold');
      await page.getByTestId('http-openapi-use').click();
      assert.equal(await page.getByTestId('http-url').inputValue(), `${users.url}/api/v3/pet/findByStatus?status=sold`);
      await send(page, /^404 no_route$/);
      await waitForText(page, 'http-response-status', /^404 Not Found$/);

      await chooseOperation(page, 'POST /pet —');
      await page.getByTestId('http-openapi-use').click();
      const pet = JSON.parse(await page.getByTestId('http-body-text').inputValue());
      assert.equal(pet.name, 'doggie');

      // The document's security scheme sets the auth helper, its secret a
      // variable for an environment to fill.
      await chooseOperation(page, 'GET /pet/{petId}');
      await waitForText(page, 'http-openapi-security', /api_key \(an API key in the header api_key\)/);
      await page.getByTestId('http-openapi-use').click();
      assert.equal(await page.getByTestId('http-auth').inputValue(), 'api_key');
      await waitForText(page, 'http-unresolved', /unknown variable \{\{api_key\}\}/);
    }

    // A document that does not read says where.
    await page.getByTestId('http-openapi-files').setInputFiles({
      name: 'broken.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from('openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\npaths:\n  /pets:\n    get:\n      responses: none\n'),
    });
    await waitForText(page, 'http-openapi-error', /paths\.\/pets\.get\.responses/);
    assert.deepEqual(problems, []);
  });

  test('a JSON body creates, updates and deletes; the response shows status, headers and JSON', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    // The users service is the first target.
    assert.equal(await page.getByTestId('http-url').inputValue(), `${users.url}/users`);

    await page.getByTestId('http-method').fill('POST');
    await page.getByTestId('http-body-kind').selectOption('json');
    await page.getByTestId('http-body-text').fill('{"name": "Margaret Hamilton", "email": "margaret@');
    // Checked as it is typed.
    await waitForText(page, 'http-body-text-invalid', /Not valid JSON: .*line 1/);
    await page.getByTestId('http-body-text').fill('{"name": "Margaret Hamilton", "email": "margaret@example.com"}');
    await send(page, /^201 Created$/);
    await waitForText(page, 'http-json', /"name":\s*"Margaret Hamilton"/);
    await page.getByText(/^Headers \(\d+\)$/).click();
    const location = await waitForText(page, 'http-response-headers', /location\s+\/users\/\d+/);
    const id = location.match(/\/users\/(\d+)/)[1];
    await waitForText(page, 'http-size', /\d+ B/);
    // The raw and hex views of the same body.
    await page.getByTestId('http-view-raw').click();
    await waitForText(page, 'http-raw', /^\{"id":\d+,"name":"Margaret Hamilton"/);
    await page.getByTestId('http-view-hex').click();
    await waitForText(page, 'http-hex', /^00000000  7b 22 69 64/);

    // Fields that do not validate: 422, with each field's path.
    await page.getByTestId('http-body-text').fill('{"name": "", "email": "nope"}');
    await send(page, /^422 validation_failed$/);
    await waitForText(page, 'http-json', /"field":\s*"name"[\s\S]*"field":\s*"email"/);
    await waitForText(page, 'http-error', /HTTP 422: 2 field\(s\) did not validate/);

    await request(page, 'PUT', `${users.url}/users/${id}`);
    await page.getByTestId('http-body-text').fill('{"name": "M. Hamilton", "email": "margaret@example.com"}');
    await send(page, /^200 OK$/);
    await waitForText(page, 'http-json', /"M\. Hamilton"/);

    await request(page, 'DELETE', `${users.url}/users/${id}`);
    await page.getByTestId('http-body-kind').selectOption('none');
    await send(page, /^204 No Content$/);
    await send(page, /^404 not_found$/);
    assert.deepEqual(problems, []);
  });

  test('the query table and the URL stay in step, and a GET lists and filters', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-url').fill(`${users.url}/users?per_page=2`);
    assert.equal(await page.getByTestId('http-params-name-0').inputValue(), 'per_page');
    assert.equal(await page.getByTestId('http-params-value-0').inputValue(), '2');
    await page.getByTestId('http-params-add').click();
    await page.getByTestId('http-params-name-1').fill('q');
    await page.getByTestId('http-params-value-1').fill('grace hopper');
    assert.equal(await page.getByTestId('http-url').inputValue(), `${users.url}/users?per_page=2&q=grace+hopper`);
    await send(page, /^200 OK$/);
    await waitForText(page, 'http-json', /"total":\s*1/);
    await waitForText(page, 'http-json', /"Grace Hopper"/);
    await page.getByTestId('http-params-remove-1').click();
    assert.equal(await page.getByTestId('http-url').inputValue(), `${users.url}/users?per_page=2`);
    assert.deepEqual(problems, []);
  });

  test('text, form and multipart bodies go out with their content types', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-method').fill('POST');
    // The users service takes only JSON, and names the content type it got.
    await page.getByTestId('http-body-kind').selectOption('text');
    await page.getByTestId('http-body-text').fill('Ada');
    await send(page, /^415 /);
    await waitForText(page, 'http-error', /got "text\/plain; charset=utf-8"/);

    await page.getByTestId('http-body-kind').selectOption('form');
    await page.getByTestId('http-form-add').click();
    await page.getByTestId('http-form-name-0').fill('name');
    await page.getByTestId('http-form-value-0').fill('Ada L');
    await send(page, /^415 /);
    await waitForText(page, 'http-error', /got "application\/x-www-form-urlencoded"/);

    await page.getByTestId('http-body-kind').selectOption('multipart');
    await page.getByTestId('http-parts-add').click();
    await page.getByTestId('http-part-name-0').fill('note');
    await page.getByTestId('http-part-value-0').fill('hello');
    await page.getByTestId('http-parts-add').click();
    await page.getByTestId('http-part-name-1').fill('avatar');
    await page.getByTestId('http-part-pick-1').setInputFiles({
      name: 'avatar.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    await waitForText(page, 'http-part-file-1', /avatar\.png \(image\/png, 4 B\)/);
    await send(page, /^415 /);
    await waitForText(page, 'http-error', /got "multipart\/form-data; boundary=/);

    // The timeline keeps the parts, files by name; curl sends them with -F.
    await page.locator('[data-testid="timeline-entry"]', { hasText: 'POST' }).first().click();
    await waitForText(page, 'detail-request', /note=hello[\s\S]*avatar=@avatar\.png/);
    await waitForText(page, 'export-curl', /-F 'note=hello' -F 'avatar=@avatar\.png;type=image\/png'/);

    // Coming back to a body kind finds what it held.
    await page.getByTestId('http-body-kind').selectOption('form');
    assert.equal(await page.getByTestId('http-form-name-0').inputValue(), 'name');
    await page.getByTestId('http-body-kind').selectOption('text');
    assert.equal(await page.getByTestId('http-body-text').inputValue(), 'Ada');
    assert.deepEqual(problems, []);
  });

  test('auth helpers show what they add; bad input is refused before anything is sent', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-auth').selectOption('bearer');
    await page.getByTestId('http-auth-token').fill('secret-token-42');
    // Masked on screen.
    await waitForText(page, 'http-auth-writes', /Authorization: Bearer se••••42/);
    await page.getByTestId('http-url').fill(`${users.url}/users/1`);
    await send(page, /^200 OK$/);
    await page.locator('[data-testid="timeline-entry"]', { hasText: 'GET' }).first().click();
    // The timeline never keeps a credential; the curl export is the request.
    await waitForText(page, 'detail-request', /Authorization\s+Bearer \*\*\*/);
    await waitForText(page, 'export-curl', /^curl -i -H 'Authorization: Bearer secret-token-42' -H 'traceparent: 00-[^']+' '.*\/users\/1'$/);

    await page.getByTestId('http-headers-add').click();
    await page.getByTestId('http-headers-name-0').fill('x bad');
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-status', /^not sent$/);
    await waitForText(page, 'http-error', /"x bad" is not a valid header name/);
    // Switched off, the row is not sent.
    await page.getByTestId('http-headers-on-0').uncheck();
    await send(page, /^200 OK$/);

    await page.getByTestId('http-url').fill('users.example/1');
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-error', /must start with http:\/\/ or https:\/\//);
    assert.deepEqual(problems, []);
  });

  test('a share link carries the request and opens the console; Run again resends it', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('http-url').fill(`${users.url}/users?q=turing`);
    await send(page, /^200 OK$/);
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    const { page: shared, problems: sharedProblems } = await openPage(browser, link);
    await shared.getByTestId('http-panel').waitFor();
    assert.equal(await shared.getByTestId('http-url').inputValue(), `${users.url}/users?q=turing`);
    await send(shared, /^200 OK$/);
    await waitForText(shared, 'http-json', /"Alan Turing"/);

    const entry = page.locator('[data-testid="timeline-entry"]', { hasText: 'GET' });
    await entry.first().click();
    await page.getByTestId('detail-run-again').click();
    await waitUntil(async () => (await entry.count()) === 2, 'a second GET in the timeline');
    assert.deepEqual(problems, []);
    assert.deepEqual(sharedProblems, []);
  });
});
