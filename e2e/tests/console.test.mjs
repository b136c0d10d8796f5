// The Switchboard page in real headless Chromium, against the real users,
// greeter and bridge services and the real RabbitMQ.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { tap } from '../lib/amqp.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { DIST_DIR, ROOT, pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
// The local broker's password; it must never leave the bridge.
const BROKER_PASSWORD = 'guest';

describe('Switchboard page', () => {
  let site, users, greeter, bridge, browser, services;

  before(async () => {
    site = await servePage();
    const env = { ALLOWED_ORIGINS: site.origin };
    [users, greeter, bridge] = await Promise.all([
      startService('users', { ...env, USERS_BIND: '127.0.0.1:0' }),
      startService('greeter', { ...env, GREETER_BIND: '127.0.0.1:0' }),
      startService('bridge-server', {
        ...env,
        BRIDGE_BIND: '127.0.0.1:0',
        AMQP_URL: `amqp://guest:${BROKER_PASSWORD}@127.0.0.1:5672/%2f`,
      }),
    ]);
    services = { users: users.url, greeter: greeter.url, bridge: bridge.url };
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([users, greeter, bridge].map((service) => service?.stop()));
    await site?.close();
  });

  test('calls REST, gRPC-web and RabbitMQ and renders each result', async () => {
    const logs = await tap('logs');
    try {
      const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
      await waitForText(page, 'broker-status', /broker: connected/);

      await page.getByTestId('users-input').fill('2');
      await page.getByTestId('users-send').click();
      await waitForText(page, 'users-name', /^Grace Hopper$/);
      await waitForText(page, 'users-status', /^200 OK$/);
      await waitForText(page, 'users-latency', /^\d+(\.\d)? ms$/);

      await page.getByTestId('greeter-input').fill('Switchboard');
      await page.getByTestId('greeter-send').click();
      await waitForText(page, 'greeter-result', /^Hello, Switchboard!$/);
      await waitForText(page, 'greeter-status', /^OK$/);

      const payload = `e2e message ${Date.now()}`;
      await page.getByTestId('publish-input').fill(payload);
      await page.getByTestId('publish-send').click();
      await waitForText(page, 'publish-result', /confirmed/);
      await waitForText(page, 'publish-status', /^confirmed$/);
      const messageId = await page.getByTestId('publish-message-id').innerText();
      assert.match(messageId, /^[0-9a-f-]{36}$/);

      const delivered = await logs.waitFor((message) => message.content.toString() === payload);
      assert.equal(delivered.properties.messageId, messageId);
      assert.equal(delivered.properties.appId, 'switchboard-bridge');
      assert.equal(delivered.properties.deliveryMode, 2);

      await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await logs.close();
    }
  });

  test('shows the service errors: 404 for an unknown user, INVALID_ARGUMENT for no name', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));

    await page.getByTestId('users-input').fill('999');
    await page.getByTestId('users-send').click();
    await waitForText(page, 'users-status', /^404 not_found$/);
    await waitForText(page, 'users-error', /HTTP 404: no user with id 999/);

    await page.getByTestId('users-input').fill('abc');
    await page.getByTestId('users-send').click();
    await waitForText(page, 'users-status', /^400 invalid_id$/);

    await page.getByTestId('greeter-input').fill('');
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-status', /^INVALID_ARGUMENT$/);
    await waitForText(page, 'greeter-error', /name must not be empty/);
    assert.deepEqual(problems, []);
  });

  test('typing in a panel re-renders that panel, not the page, until typing pauses', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    const field = page.getByTestId('greeter-input');
    await field.waitFor();
    // The page's root renders once per change of the shared state.
    const renders = () => page.evaluate(() => performance.getEntriesByName('sb:state').length);
    const before = await renders();
    const typed = 'Ada Lovelace';
    await field.fill('');
    await field.pressSequentially(typed, { delay: 20 });
    await waitUntil(async () => (await renders()) > before, 'the page to take the request once typing paused');
    const added = (await renders()) - before;
    assert.ok(added <= 3, `${typed.length} keystrokes rendered the page ${added} times`);
    // The request reached the shared state: Say hello and a share link have it.
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-result', /^Hello, Ada Lovelace!$/);
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    const shared = JSON.parse(Buffer.from(link.split('#requests=')[1], 'base64url').toString());
    assert.equal(shared.greeter.name, typed);
    assert.deepEqual(problems, []);
  });

  test('shows a slow call in flight until its answer arrives', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    // The browser holds this one request back for a second; the service is real.
    await page.route('**/users/3', async (route) => {
      await new Promise((done) => setTimeout(done, 1_000));
      await route.continue();
    });
    await page.getByTestId('users-input').fill('3');
    await page.getByTestId('users-send').click();
    await waitForText(page, 'users-inflight', /in flight/);
    assert.equal(await page.getByTestId('users-send').getAttribute('aria-busy'), 'true');

    await waitForText(page, 'users-name', /^Alan Turing$/);
    assert.equal(await page.getByTestId('users-inflight').count(), 0);
    assert.equal(await page.getByTestId('users-send').getAttribute('aria-busy'), 'false');
    assert.deepEqual(problems, []);
  });

  test('explains a service that does not answer instead of "Failed to fetch"', async () => {
    const down = { ...services, users: 'http://127.0.0.1:9', greeter: 'http://127.0.0.1:9' };
    const { page, problems } = await openPage(browser, pageUrl(site.origin, down));

    await page.getByTestId('users-send').click();
    await waitForText(page, 'users-status', /^network error$/);
    await waitForText(page, 'users-error', /No response from http:\/\/127\.0\.0\.1:9\/users\/1 .*CORS/);

    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-status', /^network error$/);
    await waitForText(page, 'greeter-error', /No response from http:\/\/127\.0\.0\.1:9 /);
    assert.deepEqual(problems, []);
  });

  test('shows the broker as unavailable when the bridge cannot reach RabbitMQ', async () => {
    const lonely = await startService('bridge-server', {
      ALLOWED_ORIGINS: site.origin,
      BRIDGE_BIND: '127.0.0.1:0',
      AMQP_URL: 'amqp://127.0.0.1:1/%2f',
    });
    try {
      const { page, problems } = await openPage(
        browser,
        pageUrl(site.origin, { ...services, bridge: lonely.url }),
      );
      await waitForText(page, 'broker-status', /broker: unavailable/);
      await waitForText(page, 'broker-status', /amqp:\/\/127\.0\.0\.1:1\/%2f/);

      await page.getByTestId('publish-send').click();
      await waitForText(page, 'publish-status', /^503 broker_unavailable$/);
      await waitForText(page, 'publish-error', /RabbitMQ is unavailable/);
      assert.deepEqual(problems, []);
    } finally {
      await lonely.stop();
    }
  });

  test('sends the bridge token from the settings panel', async () => {
    const guarded = await startService('bridge-server', {
      ALLOWED_ORIGINS: site.origin,
      BRIDGE_BIND: '127.0.0.1:0',
      BRIDGE_TOKEN: 'e2e-token',
    });
    try {
      const { page, problems } = await openPage(
        browser,
        pageUrl(site.origin, { ...services, bridge: guarded.url }),
      );
      await page.getByTestId('publish-input').fill('needs a token');
      await page.getByTestId('publish-send').click();
      await waitForText(page, 'publish-status', /^401 unauthorized$/);

      await page.getByTestId('settings').locator('summary').click();
      await page.getByTestId('settings-token').fill('e2e-token');
      await page.getByTestId('settings-apply').click();
      await page.getByTestId('publish-input').fill('has a token');
      const logs = await tap('logs');
      try {
        await page.getByTestId('publish-send').click();
        await waitForText(page, 'publish-status', /^confirmed$/);
        await logs.waitFor((message) => message.content.toString() === 'has a token');
      } finally {
        await logs.close();
      }
      assert.deepEqual(problems, []);
    } finally {
      await guarded.stop();
    }
  });

  test('broker credentials appear in no response, log line or page bundle', async () => {
    const secret = `guest:${BROKER_PASSWORD}@`;
    const ready = await fetch(`${bridge.url}/readyz`).then((response) => response.text());
    assert.ok(!ready.includes(secret), ready);
    assert.ok(!bridge.logs().includes(secret), 'the bridge logged its credentials');
    assert.match(bridge.logs(), /guest:\*\*\*@127\.0\.0\.1/, 'the bridge did not log its masked URL');
    const dist = DIST_DIR;
    const files = readdirSync(dist, { withFileTypes: true }).filter((entry) => entry.isFile());
    assert.ok(files.some((entry) => entry.name.endsWith('.wasm')), 'no wasm in dist/');
    for (const { name: file } of files) {
      const bytes = readFileSync(join(dist, file));
      assert.ok(!bytes.includes(secret), `${file} contains the broker credentials`);
      assert.ok(!bytes.includes('amqp://'), `${file} contains a broker URL`);
    }
  });
});
