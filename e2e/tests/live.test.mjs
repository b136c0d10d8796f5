// The Live panel in real headless Chromium: the bridge's live tail (Server-Sent
// Events) against the real RabbitMQ, with messages from another program and
// from the page itself, and the subscriber's queue gone once the page closes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import amqp from 'amqplib';

import { launch, openPage } from '../lib/browser.mjs';
import { pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672/%2f';
// Nothing here calls the users or greeter services.
const NOWHERE = 'http://127.0.0.1:9';

/**
 * Whether `queue` exists, asked from a connection of our own. Another
 * connection's exclusive queue cannot be declared even passively: the broker
 * answers 405 RESOURCE_LOCKED while it exists and 404 NOT_FOUND once it is gone.
 */
async function queueExists(connection, queue) {
  const channel = await connection.createChannel();
  channel.on('error', () => {});
  try {
    await channel.checkQueue(queue);
    await channel.close();
    return true;
  } catch (error) {
    if (error.code === 404) return false;
    if (error.code === 405) return true;
    throw error;
  }
}

/** Starts the live tail in `page` and returns the bridge's queue for it. */
async function startLiveTail(page) {
  await page.getByTestId('live-start').click();
  await waitForText(page, 'live-status', /^live$/);
  const queue = await page.getByTestId('live-queue').innerText();
  assert.match(queue, /^amq\.gen-/);
  return queue;
}

describe('Live panel', () => {
  let site, bridge, browser, connection, channel;
  /** A bridge for this page's origin, on a free port, with `env` on top. */
  const startBridge = (env = {}) =>
    startService('bridge-server', { ALLOWED_ORIGINS: site.origin, BRIDGE_BIND: '127.0.0.1:0', ...env });

  before(async () => {
    site = await servePage();
    bridge = await startBridge();
    browser = await launch();
    connection = await amqp.connect(AMQP_URL);
    channel = await connection.createChannel();
  });

  after(async () => {
    await connection?.close();
    await browser?.close();
    await bridge?.stop();
    await site?.close();
  });

  test('shows messages from other programs and from the page, and deletes its queue on close', async () => {
    const services = { users: NOWHERE, greeter: NOWHERE, bridge: bridge.url };
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    const queue = await startLiveTail(page);
    assert.equal(await queueExists(connection, queue), true);
    await waitForText(page, 'live-dropped', /^0 dropped$/);

    // Published by another program, straight over AMQP.
    const body = `from amqplib ${Date.now()}`;
    const correlationId = `e2e-corr-${Date.now()}`;
    channel.publish('logs', 'e2e.live', Buffer.from(body), {
      correlationId,
      messageId: `e2e-${Date.now()}`,
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    const foreign = page.getByTestId('live-message').filter({ hasText: body });
    await foreign.waitFor({ timeout: 10_000 });
    assert.equal(await foreign.getByTestId('live-body').innerText(), body);
    assert.equal(await foreign.getByTestId('live-correlation').innerText(), correlationId);
    assert.match(await foreign.getByTestId('live-routing-key').innerText(), /^logs → e2e\.live$/);
    assert.match(await foreign.getByTestId('live-headers').innerText(), /traceparent: 00-0af7/);
    assert.equal(await foreign.getByTestId('live-latency').count(), 0, 'not published by the page');

    // Published from the page's Publish panel: it shows publish-to-delivery time.
    const payload = `from the page ${Date.now()}`;
    await page.getByTestId('publish-input').fill(payload);
    await page.getByTestId('publish-send').click();
    await waitForText(page, 'publish-status', /^confirmed$/);
    const messageId = await page.getByTestId('publish-message-id').innerText();
    const own = page.getByTestId('live-message').filter({ hasText: payload });
    await own.getByTestId('live-latency').waitFor({ timeout: 10_000 });
    assert.match(await own.getByTestId('live-latency').innerText(), /^\d+ ms$/);
    assert.equal(await own.getByTestId('live-message-id').innerText(), messageId);
    assert.match(await own.getByTestId('live-correlation').innerText(), /^[0-9a-f]{32}$/);
    assert.deepEqual(problems, []);

    // Closing the page closes the stream; the bridge deletes the queue.
    await page.close();
    const until = Date.now() + 10_000;
    while ((await queueExists(connection, queue)) && Date.now() < until) {
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(await queueExists(connection, queue), false, `queue ${queue} outlived the page`);
  });

  test('an unroutable publish says how to fix it; with the live tail on, it is confirmed', async () => {
    // An exchange of its own, so that no other test's queue is bound to it.
    const exchange = `switchboard.e2e-unroutable-${Date.now()}`;
    const lonely = await startBridge({
      BRIDGE_EXCHANGE: exchange,
    });
    // The bridge connects to RabbitMQ after it listens: publish once it has.
    await waitUntil(
      async () => (await fetch(`${lonely.url}/readyz`).catch(() => null))?.ok === true,
      'the new bridge to reach RabbitMQ',
    );
    try {
      const services = { users: NOWHERE, greeter: NOWHERE, bridge: lonely.url };
      const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
      await page.getByTestId('publish-input').fill('nobody listens');
      await page.getByTestId('publish-send').click();
      await waitForText(page, 'publish-status', /^422 unroutable$/);
      await waitForText(page, 'publish-error', /no queue is bound to exchange/);
      await waitForText(page, 'publish-hint', /Start the Live panel/);

      await startLiveTail(page);
      await page.getByTestId('publish-input').fill('somebody listens');
      await page.getByTestId('publish-send').click();
      await waitForText(page, 'publish-status', /^confirmed$/);
      assert.equal(await page.getByTestId('publish-hint').count(), 0);
      await page.getByTestId('live-message').filter({ hasText: 'somebody listens' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(problems, []);
    } finally {
      await lonely.stop();
      await channel.deleteExchange(exchange);
    }
  });

  test('a tab that reads too slowly sees a dropped count, and the stream goes on', async () => {
    // A small window, so that a stalled tab fills it quickly.
    const exchange = `switchboard.e2e-slow-${Date.now()}`;
    const small = await startBridge({
      BRIDGE_EXCHANGE: exchange,
      SUBSCRIBE_PREFETCH: '8',
      SUBSCRIBE_BUFFER: '8',
    });
    try {
      const services = { users: NOWHERE, greeter: NOWHERE, bridge: small.url };
      const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
      await startLiveTail(page);
      await waitForText(page, 'live-dropped', /^0 dropped$/);

      // The tab stalls for four seconds, as a busy tab does, while far more
      // arrives than the browser's and the kernel's buffers hold.
      await page.evaluate(() =>
        setTimeout(() => {
          const until = Date.now() + 4_000;
          while (Date.now() < until);
        }, 0),
      );
      const chunk = Buffer.alloc(16 * 1024, 'x');
      for (let i = 0; i < 2_000; i += 1) channel.publish(exchange, '', chunk);
      await waitForText(page, 'live-dropped', /^[1-9]\d* dropped$/, 30_000);

      // Still live: a message sent after the stall arrives.
      const body = `after the stall ${Date.now()}`;
      channel.publish(exchange, '', Buffer.from(body));
      await page.getByTestId('live-message').filter({ hasText: body }).waitFor({ timeout: 30_000 });
      await waitForText(page, 'live-status', /^live$/);
      assert.deepEqual(problems, []);
    } finally {
      await small.stop();
      // The bridge declared it; nothing else uses it.
      await channel.deleteExchange(exchange);
    }
  });

  test('explains a refused subscription, then streams with the token', async () => {
    const guarded = await startBridge({
      BRIDGE_TOKEN: 'e2e-live-token',
    });
    try {
      const services = { users: NOWHERE, greeter: NOWHERE, bridge: guarded.url };
      const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
      await page.getByTestId('live-start').click();
      await waitForText(page, 'live-status', /^401 unauthorized$/);
      await waitForText(page, 'live-error', /bearer token is required/);

      await page.getByTestId('settings').locator('summary').click();
      await page.getByTestId('settings-token').fill('e2e-live-token');
      await page.getByTestId('settings-apply').click();
      await page.getByTestId('live-exchange').fill('not-allowed');
      await page.getByTestId('live-start').click();
      await waitForText(page, 'live-status', /^403 forbidden_destination$/);

      await page.getByTestId('live-exchange').fill('');
      await startLiveTail(page);
      await page.getByTestId('live-stop').click();
      await waitForText(page, 'live-status', /^stopped$/);
      assert.deepEqual(problems, []);
    } finally {
      await guarded.stop();
    }
  });
});
