// The first thing a newcomer does, in real headless Chromium: with the stack
// exactly as scripts/run.sh starts it (the users, greeter and logs services
// and the bridge on their defaults, the page on 127.0.0.1:8080), a fresh
// page's first Publish, with nothing else started, is confirmed and routed,
// and the logs service received that very message.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, openPage } from '../lib/browser.mjs';
import { startDefaultStack } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

describe('out of the box', () => {
  let stack, browser;

  before(async () => {
    stack = await startDefaultStack();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a fresh page\'s first Publish is confirmed, routed, and received by the logs service', async () => {
    // No query parameters and nothing saved: the page finds every service on
    // its defaults. The payload and every option are the page's own.
    const { page, problems } = await openPage(browser, stack.page);
    await waitForText(page, 'broker-status', /broker: connected/);
    await page.getByTestId('publish-send').click();

    await waitForText(page, 'publish-status', /^confirmed$/);
    await waitForText(page, 'publish-routed', /^routed to a queue$/);
    await waitForText(page, 'publish-result', /^confirmed · routed to a queue · message id /);
    const messageId = await page.getByTestId('publish-message-id').innerText();
    assert.match(messageId, /^[0-9a-f-]{36}$/);

    const logged = () =>
      stack.logs
        .logs()
        .split('\n')
        .find((line) => line.includes(`message_id="${messageId}"`));
    await waitUntil(() => logged() !== undefined, `the logs service to log message ${messageId}`).catch(
      (error) => {
        error.message += `; it logged:\n${stack.logs.logs()}`;
        throw error;
      },
    );
    assert.match(logged(), /received/);
    assert.match(logged(), /routing_key=""/);
    // The trace the page started for this publish, which its timeline groups by.
    const traceId = await page.getByTestId('timeline-group').first().getAttribute('data-trace');
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(logged(), new RegExp(`traceparent="00-${traceId}-[0-9a-f]{16}-01"`));
    assert.deepEqual(problems, []);
  });
});
