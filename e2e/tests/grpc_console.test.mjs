// The gRPC console in real headless Chromium: a schema from dropped .proto
// files and by reflection through the bridge, calls of every kind straight
// to the greeter's gRPC-web and through the bridge's relay to its native
// gRPC, errors with details, and a schema that survives a reload. The page is
// not compiled against protos/echo.proto: it learns it at run time.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launch, openPage } from '../lib/browser.mjs';
import { ROOT, pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const NOWHERE = 'http://127.0.0.1:9';
const ECHO_PROTO = readFileSync(join(ROOT, 'protos/echo.proto'));

/** A sample that sets a field of each kind the JSON mapping treats apart. */
const SAMPLE = {
  text: 'héllo',
  small: -7,
  big: '-9223372036854775808',
  unsignedBig: '18446744073709551615',
  flag: true,
  blob: 'AAEC/w==',
  priority: 'PRIORITY_HIGH',
  point: { x: 1.5, y: -2 },
  path: [{ x: 1 }, { y: 2 }],
  tags: ['a', 'b'],
  counts: { one: '1', many: '-42' },
  spot: { x: 3 },
  at: '2026-12-02T10:00:00.123456789Z',
  wait: '-1.500s',
  extra: { nested: { list: [1, 'two', null, false] } },
};

const replies = (page) => page.getByTestId('console-reply');

/** Opens the console, which loads its module, and waits for it. */
async function openConsole(page) {
  await page.getByTestId('console-open').click();
  await page.getByTestId('console-panel').waitFor();
}

/** Loads the greeter's schema by reflection, through the bridge. */
async function reflect(page) {
  await page.getByTestId('console-reflect').click();
  await waitForText(page, 'console-schema', /Schema from server reflection: echo\.Echo, helloworld\.Greeter/);
}
const replyJson = async (page, index) => JSON.parse(await replies(page).nth(index).innerText());

async function chooseMethod(page, path) {
  await page.getByTestId('console-method').selectOption(path);
  // The request starts as a template with every field.
  await waitUntil(
    async () => (await page.getByTestId('console-body').inputValue()).includes('"'),
    `the template of ${path}`,
  );
}

async function send(page, body) {
  await page.getByTestId('console-body').fill(JSON.stringify(body, null, 2));
  await page.getByTestId('console-send').click();
}

describe('gRPC console', () => {
  let site, greeter, native, bridge, browser, services;

  before(async () => {
    site = await servePage();
    greeter = await startService('greeter', {
      ALLOWED_ORIGINS: site.origin,
      GREETER_BIND: '127.0.0.1:0',
    });
    // A native gRPC server only, as most production servers are: the
    // browser reaches it through the bridge alone.
    native = await startService('greeter', { GREETER_BIND: '127.0.0.1:0', GREETER_GRPC_WEB: 'false' });
    bridge = await startService('bridge-server', {
      ALLOWED_ORIGINS: site.origin,
      BRIDGE_BIND: '127.0.0.1:0',
      GRPC_TARGETS: `${greeter.url},${native.url}`,
    });
    services = { users: NOWHERE, greeter: greeter.url, bridge: bridge.url };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await bridge?.stop();
    await native?.stop();
    await greeter?.stop();
    await site?.close();
  });

  test('dropped .proto files give the schema; a unary call goes straight to gRPC-web', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    // A .proto that does not compile is refused with its file, line and column.
    await page.getByTestId('console-files').setInputFiles({
      name: 'broken.proto',
      mimeType: 'text/plain',
      buffer: Buffer.from('syntax = "proto3";\nmessage Broken {\n  string name = ;\n}\n'),
    });
    await waitForText(page, 'console-schema-error', /^broken\.proto:3:17: /);
    await page.getByTestId('console-files').setInputFiles({
      name: 'echo.proto',
      mimeType: 'text/plain',
      buffer: ECHO_PROTO,
    });
    await waitForText(page, 'console-schema', /Schema from echo\.proto: echo\.Echo/);
    await chooseMethod(page, '/echo.Echo/Unary');
    await waitForText(page, 'console-method-doc', /unary.*echo\.Sample → echo\.Echo/s);
    await waitForText(page, 'console-method-doc', /Answers with the sample it decoded/);
    const template = JSON.parse(await page.getByTestId('console-body').inputValue());
    assert.ok('unsignedBig' in template && 'extra' in template, 'the template lacks fields');

    await send(page, SAMPLE);
    await waitForText(page, 'console-status', /^OK$/);
    const echoed = await replyJson(page, 0);
    // What the server decoded, written back: every field as it was sent.
    assert.deepEqual(echoed.sample, SAMPLE);
    assert.equal(echoed.seq, 1);
    assert.deepEqual(problems, []);
  });

  test('a JSON request that does not fit is refused with the field path, and nothing is sent', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await reflect(page);
    await chooseMethod(page, '/echo.Echo/Unary');
    await send(page, { path: [{ x: 1 }, { x: 'far' }] });
    await waitForText(page, 'console-status', /^not sent$/);
    await waitForText(page, 'console-error', /path\[1\]\.x/);
    assert.deepEqual(problems, []);
  });

  test('reflection through the bridge; streams of every kind through its relay', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await reflect(page);
    await page.getByTestId('console-route').selectOption('bridge');

    await chooseMethod(page, '/echo.Echo/ServerStream');
    await send(page, { text: 'three', repeat: 3 });
    await waitForText(page, 'console-status', /^OK$/);
    assert.equal(await replies(page).count(), 3);
    assert.deepEqual(
      await Promise.all([0, 1, 2].map(async (index) => (await replyJson(page, index)).seq)),
      [1, 2, 3],
    );

    await chooseMethod(page, '/echo.Echo/ClientStream');
    await send(page, [{ text: 'a' }, { text: 'b', big: '5' }]);
    await waitForText(page, 'console-status', /^OK$/);
    const counted = await replyJson(page, 0);
    assert.equal(counted.received, 2);
    assert.deepEqual(counted.sample, { text: 'b', big: '5' });

    await chooseMethod(page, '/echo.Echo/Bidi');
    await page.getByTestId('console-metadata').fill('x-echo-team: payments');
    await send(page, [{ text: 'one' }, { text: 'two' }]);
    await waitForText(page, 'console-status', /^OK$/);
    const both = [await replyJson(page, 0), await replyJson(page, 1)];
    assert.deepEqual(
      both.map((reply) => reply.sample.text),
      ['one', 'two'],
    );
    assert.equal(both[0].metadata['x-echo-team'], 'payments');

    // In the timeline, with the relay's route, and as grpcurl.
    const entry = page.locator('[data-testid="timeline-entry"]', { hasText: 'echo.Echo/Bidi via the bridge' });
    await entry.click();
    await waitForText(page, 'detail-status', /^OK$/);
    await waitForText(page, 'detail-response', /"received":2/);
    // grpcurl reads the requests of a stream one JSON object after another.
    await waitForText(
      page,
      'export-grpcurl',
      /^grpcurl -plaintext -H 'x-echo-team: payments' -H 'traceparent: [^']+' -d '\{[\s\S]*"one"[\s\S]*\}\n\{[\s\S]*"two"[\s\S]*\}' 127\.0\.0\.1:\d+ echo\.Echo\/Bidi$/,
    );

    // Run again, from the page's timeline, is made by the console.
    await page.getByTestId('detail-run-again').click();
    await waitUntil(async () => (await entry.count()) === 2, 'a second Bidi call in the timeline');

    // A share link carries the console's call, and opens the console.
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    const { page: shared, problems: sharedProblems } = await openPage(browser, link);
    await shared.getByTestId('console-panel').waitFor();
    assert.equal(await shared.getByTestId('console-route').inputValue(), 'bridge');
    assert.match(await shared.getByTestId('console-body').inputValue(), /"two"/);
    assert.equal(await shared.getByTestId('console-metadata').inputValue(), 'x-echo-team: payments');
    assert.deepEqual(sharedProblems, []);
    assert.deepEqual(problems, []);
  });

  test('a native gRPC server, named in GRPC_TARGETS, is reflected and called through the bridge', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('console-target').fill(native.url);
    await reflect(page);
    await chooseMethod(page, '/echo.Echo/ServerStream');

    // Straight from the page, it cannot answer: it does not speak gRPC-web.
    await send(page, { text: 'native', repeat: 2 });
    await waitForText(page, 'console-status', /^network error$/);
    await waitForText(page, 'console-route-hint', /Through the bridge/);

    await page.getByTestId('console-route').selectOption('bridge');
    await send(page, { text: 'native', repeat: 2 });
    await waitForText(page, 'console-status', /^OK$/);
    assert.deepEqual(
      [(await replyJson(page, 0)).sample.text, (await replyJson(page, 1)).seq],
      ['native', 2],
    );
    assert.deepEqual(problems, []);
  });

  test('the form and the JSON stay in sync', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await reflect(page);
    await chooseMethod(page, '/echo.Echo/Unary');
    const body = async () => JSON.parse(await page.getByTestId('console-body').inputValue());

    // Form to JSON: an enum by name, a 64-bit integer as a string, a oneof member.
    await page.getByTestId('field-priority-input').selectOption('PRIORITY_HIGH');
    await waitUntil(async () => (await body()).priority === 'PRIORITY_HIGH', 'the enum in the JSON');
    await page.getByTestId('field-big-input').fill('-42');
    await waitUntil(async () => (await body()).big === '-42', 'the int64 in the JSON, as a string');
    await page.getByTestId('field-choice-choice').selectOption('number');
    await waitUntil(async () => 'number' in (await body()) && !('label' in (await body())), 'one oneof member');
    await page.getByTestId('field-path-add').click();
    await waitUntil(async () => (await body()).path.length === 2, 'a second element of the list');

    // JSON to form.
    const edited = { ...(await body()), text: 'from the JSON' };
    await page.getByTestId('console-body').fill(JSON.stringify(edited));
    await waitUntil(
      async () => (await page.getByTestId('field-text-input').inputValue()) === 'from the JSON',
      'the form to show the JSON',
    );
    await page.getByTestId('console-send').click();
    await waitForText(page, 'console-status', /^OK$/);
    const echoed = await replyJson(page, 0);
    assert.equal(echoed.sample.priority, 'PRIORITY_HIGH');
    assert.equal(echoed.sample.big, '-42');
    assert.equal(echoed.sample.text, 'from the JSON');
    assert.deepEqual(problems, []);
  });

  test('an error carries its details; a target the bridge does not allow is refused', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await reflect(page);
    await chooseMethod(page, '/echo.Echo/Unary');
    await send(page, { text: 'why', failWith: 9 });
    await waitForText(page, 'console-status', /^FAILED_PRECONDITION$/);
    await waitForText(page, 'console-error', /failing as asked/);
    await waitForText(page, 'console-error', /ASKED/);

    await page.getByTestId('console-target').fill(NOWHERE);
    await waitForText(page, 'console-schema', /No schema for this server yet/);
    await page.getByTestId('console-reflect').click();
    await waitForText(page, 'console-schema-error', /GRPC_TARGETS/);
    assert.deepEqual(problems, []);
  });

  test('the schema survives a reload, and the console loads only when opened', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await reflect(page);
    const fetched = [];
    page.on('request', (request) => fetched.push(request.url()));
    await page.reload();
    await page.getByTestId('console-open').waitFor();
    assert.ok(
      !fetched.some((url) => /console|worker/.test(url)),
      `the console was fetched before it was opened: ${fetched.join(', ')}`,
    );
    await openConsole(page);
    await waitForText(page, 'console-schema', /Schema from server reflection: echo\.Echo/);

    await page.getByTestId('console-method').selectOption('/echo.Echo/Unary');
    await send(page, { text: 'again' });
    await waitForText(page, 'console-status', /^OK$/);
    assert.equal((await replyJson(page, 0)).sample.text, 'again');
    assert.ok(fetched.some((url) => url.includes('worker_bg.wasm')), 'the worker was not fetched');
    assert.deepEqual(problems, []);
  });
});
