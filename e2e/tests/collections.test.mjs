// Collections and environments in real headless Chromium, against the real
// users service: variables put into a request (and a missing one named
// before anything is sent), requests saved, reordered, renamed, duplicated
// and deleted, the collection run in order with a pass or fail line per
// request, kept across a reload, exported and imported into a fresh browser,
// a Postman collection imported, and the exported file run from the
// command line by switchboard-run.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { launch, openPage } from '../lib/browser.mjs';
import { ROOT, pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForCount, waitForText } from '../lib/wait.mjs';

const NOWHERE = 'http://127.0.0.1:9';
const BIN_DIR = process.env.SWITCHBOARD_BIN_DIR ?? join(ROOT, 'target/debug');

async function openConsole(page) {
  await page.getByTestId('console-open').click();
  await page.getByTestId('collections-panel').waitFor();
}

/** Types into an input that commits on change, and commits. */
async function commit(page, testId, value) {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).press('Tab');
}

async function addVariable(page, index, name, value, secret = false) {
  await page.getByTestId('env-var-add').click();
  await commit(page, `env-var-name-${index}`, name);
  await commit(page, `env-var-value-${index}`, value);
  if (secret) await page.getByTestId(`env-var-secret-${index}`).check();
}

async function save(page, name) {
  if (!(await page.getByTestId('http-save-name').isVisible())) await page.getByTestId('http-save-open').click();
  await page.getByTestId('http-save-name').fill(name);
  await page.getByTestId('http-save').click();
  await waitForText(page, 'http-saved', new RegExp(`Saved "${name}"`));
}

describe('collections and environments', () => {
  let site, users, browser, services;

  before(async () => {
    site = await servePage();
    users = await startService('users', { ALLOWED_ORIGINS: site.origin, USERS_BIND: '127.0.0.1:0' });
    services = { users: users.url, greeter: NOWHERE, bridge: NOWHERE };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await users?.stop();
    await site?.close();
  });

  test('a collection with variables is saved, run, kept, exported, imported and run from the command line', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);

    // An environment with a secret.
    await page.getByTestId('env-new-name').fill('local');
    await page.getByTestId('env-add').click();
    assert.equal(await page.getByTestId('env-active').inputValue(), 'local');
    await addVariable(page, 0, 'base_url', users.url);
    await addVariable(page, 1, 'token', 's3cret-token', true);

    // A variable the environment lacks is named, and nothing is sent.
    await page.getByTestId('http-url').fill('{{base_url}}/users/{{id}}');
    await waitForText(page, 'http-unresolved', /unknown variable \{\{id\}\} in url/);
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-error', /unknown variable \{\{id\}\} in url/);
    await addVariable(page, 2, 'id', '3');
    await page.getByTestId('http-auth').selectOption('bearer');
    await page.getByTestId('http-auth-token').fill('{{token}}');
    // What is sent, secrets masked.
    await waitForText(page, 'http-resolved', new RegExp(`Sends GET ${users.url}/users/3 +Authorization: Bearer ••••••`));
    await page.getByTestId('http-send').click();
    await waitForText(page, 'http-json', /"Alan Turing"/);
    // The timeline never keeps the secret.
    const entry = page.getByTestId('timeline-entry').first();
    await entry.click();
    assert.doesNotMatch(await page.getByTestId('detail-request').innerText(), /s3cret-token/);
    await save(page, 'Alan');

    await page.getByTestId('http-url').fill('{{base_url}}/users/999');
    await save(page, 'Nobody');
    await page.getByTestId('http-method').fill('POST');
    await page.getByTestId('http-url').fill('{{base_url}}/users');
    await page.getByTestId('http-auth').selectOption('none');
    await page.getByTestId('http-body-kind').selectOption('json');
    await page.getByTestId('http-body-text').fill('{"name": "Grace B", "email": "grace.b@example.com"}');
    await save(page, 'Create');

    const items = page.getByTestId('coll-item');
    await waitForCount(items, 3);
    await waitForText(page, 'collection-name', /^My requests \(3 requests\)$/);
    // The status each must answer: 201 for the create, 200 for "Nobody",
    // which will fail; "Alan" expects any 2xx.
    await commit(page, 'coll-item-expect-2', '201');
    await commit(page, 'coll-item-expect-1', '200');
    // Reordered: the create first.
    await page.getByTestId('coll-item-up-2').click();
    await page.getByTestId('coll-item-up-1').click();
    assert.equal(await page.getByTestId('coll-item-name-0').inputValue(), 'Create');
    // Duplicated, renamed, deleted.
    await page.getByTestId('coll-item-duplicate-1').click();
    await waitForCount(items, 4);
    await commit(page, 'coll-item-name-2', 'Alan again');
    assert.equal(await page.getByTestId('coll-item-name-2').inputValue(), 'Alan again');
    await page.getByTestId('coll-item-delete-2').click();
    await waitForCount(items, 3);

    await page.getByTestId('coll-run-0').click();
    await waitForText(page, 'coll-summary-0', /^2 passed, 1 failed, 0 not run$/);
    await waitForText(page, 'coll-item-result-0', /^PASS 201 Created$/);
    await waitForText(page, 'coll-item-result-1', /^PASS 200 OK$/);
    await waitForText(page, 'coll-item-result-2', /^FAIL 404 not_found, expected 200$/);

    // Opening a request puts it in its console.
    await page.getByTestId('coll-item-open-1').click();
    assert.equal(await page.getByTestId('http-url').inputValue(), '{{base_url}}/users/{{id}}');

    // Kept across a reload, with the active environment.
    await page.reload();
    await openConsole(page);
    await waitForCount(items, 3);
    assert.equal(await page.getByTestId('env-active').inputValue(), 'local');

    // Exported as one file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coll-export').click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-')), download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.format, 'switchboard.collections');
    assert.equal(exported.version, 1);
    assert.deepEqual(exported.collections[0].items.map((item) => item.name), ['Create', 'Alan', 'Nobody']);
    assert.deepEqual(problems, []);

    // Imported into a browser that has nothing, and run there.
    const { page: fresh, problems: freshProblems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(fresh);
    await fresh.getByTestId('coll-import').setInputFiles(file);
    await waitForText(fresh, 'coll-message', /Imported switchboard-collections\.json: 1 collection and 1 environment/);
    await fresh.getByTestId('env-active').selectOption('local');
    await fresh.getByTestId('coll-run-0').click();
    // The create meets the email it made before: 409, expected 201.
    await waitForText(fresh, 'coll-summary-0', /^1 passed, 2 failed, 0 not run$/);
    await waitForText(fresh, 'coll-item-result-0', /^FAIL 409 email_taken, expected 201$/);

    // A Postman collection comes in beside it.
    await fresh.getByTestId('coll-import').setInputFiles(join(ROOT, 'collection/tests/fixtures/postman-users-v2.1.json'));
    await waitForText(fresh, 'coll-message', /Imported the Postman collection postman-users-v2\.1\.json: 1 collection/);
    await waitForCount(fresh.getByTestId('collection'), 2);
    assert.deepEqual(freshProblems, []);

    // The same file is a smoke test on the command line.
    const run = promisify(execFile);
    const outcome = await run(join(BIN_DIR, 'switchboard-run'), [file, '--env', 'local']).catch((failed) => failed);
    assert.equal(outcome.code, 1, `switchboard-run: ${outcome.stdout}${outcome.stderr}`);
    assert.match(outcome.stdout, /PASS +200 +GET .*\/users\/3/);
    assert.match(outcome.stdout, /FAIL +404 expected 200/);
    assert.doesNotMatch(outcome.stdout, /s3cret-token/);
  });

  test("the page's own publish and live-tail panels save into the console's collections", async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('publish-routing-key').fill('orders.{{region}}');
    // Saving opens the console, which takes the request once it has loaded.
    await page.getByTestId('publish-save').click();
    await page.getByTestId('collections-panel').waitFor();
    await page.getByTestId('live-binding-key').fill('orders.#');
    await page.getByTestId('live-save').click();
    const items = page.getByTestId('coll-item');
    await waitForCount(items, 2);
    assert.equal(await page.getByTestId('coll-item-name-0').inputValue(), "Publish to the bridge's exchange, key orders.{{region}}");
    assert.equal(await page.getByTestId('coll-item-name-1').inputValue(), "Live tail of the bridge's exchange, key orders.#");

    // Opened, the publish goes back to the page's panel.
    await page.getByTestId('publish-routing-key').fill('');
    await page.getByTestId('coll-item-open-0').click();
    await waitUntilValue(page, 'publish-routing-key', 'orders.{{region}}');
    // And the live tail's settings to the Live panel.
    await page.getByTestId('live-binding-key').fill('');
    await page.getByTestId('coll-item-open-1').click();
    await waitUntilValue(page, 'live-binding-key', 'orders.#');

    // Run: the publish needs {{region}}, and a live tail has no status.
    await page.getByTestId('coll-run-0').click();
    await waitForText(page, 'coll-item-result-0', /^FAIL unknown variable \{\{region\}\} in routing_key$/);
    await waitForText(page, 'coll-item-result-1', /^NOT RUN a live tail/);
    await waitForText(page, 'coll-summary-0', /^0 passed, 1 failed, 1 not run$/);

    // Sent from the page's own panel, a publish that names a variable is made
    // by the console, with the active environment's value.
    await page.getByTestId('env-new-name').fill('eu');
    await page.getByTestId('env-add').click();
    await addVariable(page, 0, 'region', 'eu');
    await page.getByTestId('publish-send').click();
    const entry = page.locator('[data-testid="timeline-entry"]', { hasText: 'exchange' }).first();
    await entry.click();
    await waitForText(page, 'detail-request', /"routing_key": "orders\.eu"/);

    // The Live panel's settings take the environment's values too.
    await page.getByTestId('live-binding-key').fill('orders.{{nowhere}}');
    await page.getByTestId('live-start').click();
    await waitForText(page, 'live-error', /unknown variable \{\{nowhere\}\} in the binding key/);

    // The gRPC console shows its call as sent, or the variable it lacks.
    await page.getByTestId('console-metadata').fill('x-region: {{region}}');
    await waitForText(page, 'console-resolved', /x-region: eu/);
    await page.getByTestId('console-metadata').fill('x-team: {{team}}');
    await waitForText(page, 'console-unresolved', /unknown variable \{\{team\}\}/);
    assert.deepEqual(problems, []);
  });
});

async function waitUntilValue(page, testId, value) {
  const until = Date.now() + 10_000;
  let last;
  while (Date.now() < until) {
    last = await page.getByTestId(testId).inputValue();
    if (last === value) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`${testId}: expected ${JSON.stringify(value)}, last saw ${JSON.stringify(last)}`);
}
