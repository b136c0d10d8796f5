// The Greeter stream panel in real headless Chromium, against the real
// greeter: server-streamed replies over gRPC-web, shown as they arrive.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, openPage } from '../lib/browser.mjs';
import { pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

// The greeter's default spacing between two replies (GREETER_STREAM_INTERVAL_MS).
const INTERVAL_MS = 300;
// Nothing listens there: the panels under test do not need these services.
const NOWHERE = 'http://127.0.0.1:9';

const replies = (page) => page.getByTestId('stream-reply');

/**
 * Records, inside the page, the time each new reply appears in the panel, so
 * the test sees the order of rendering rather than the order of its polls.
 */
async function watchArrivals(page) {
  await page.getByTestId('stream-panel').waitFor();
  await page.evaluate(() => {
    const panel = document.querySelector('[data-testid="stream-panel"]');
    window.arrivals = [];
    new MutationObserver(() => {
      const count = panel.querySelectorAll('[data-testid="stream-reply"]').length;
      if (count !== (window.arrivals.at(-1)?.count ?? 0)) {
        window.arrivals.push({ count, at: performance.now() });
      }
    }).observe(panel, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => window.arrivals);
}

async function startStream(page, name, deadline = '') {
  await page.getByTestId('stream-input').fill(name);
  await page.getByTestId('stream-deadline').fill(deadline);
  await page.getByTestId('stream-send').click();
}

describe('Greeter stream panel', () => {
  let site, greeter, browser, services;

  before(async () => {
    site = await servePage();
    greeter = await startService('greeter', {
      ALLOWED_ORIGINS: site.origin,
      GREETER_BIND: '127.0.0.1:0',
    });
    services = { users: NOWHERE, greeter: greeter.url, bridge: NOWHERE };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await greeter?.stop();
    await site?.close();
  });

  test('renders each reply as it arrives, records the stream and runs it again', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    const arrivals = await watchArrivals(page);
    await startStream(page, 'Ada');
    await waitForText(page, 'stream-status', /^OK$/);

    const seen = await arrivals();
    assert.deepEqual(
      seen.map(({ count }) => count),
      [1, 2, 3, 4, 5],
      'the replies did not appear one by one',
    );
    for (let index = 1; index < seen.length; index += 1) {
      const gap = seen[index].at - seen[index - 1].at;
      assert.ok(gap > INTERVAL_MS / 2, `reply ${index + 1} came ${gap} ms after the one before`);
    }
    assert.deepEqual(
      await replies(page).allInnerTexts(),
      [1, 2, 3, 4, 5].map((n) => `Hello, Ada! (${n}/5)`),
    );
    // The one-shot Greeter panel is not disturbed by the stream.
    assert.equal(await page.getByTestId('greeter-status').count(), 0);

    // Into the timeline like every call, with the stream method and its export.
    const entry = page.locator('[data-testid="timeline-entry"]', { hasText: 'SayHelloStream' });
    await entry.click();
    await waitForText(page, 'detail-status', /^OK$/);
    const trace = await page.getByTestId('detail-trace').innerText();
    await waitForText(page, 'export-grpcurl', /-d '\{"name":"Ada"\}' \S+ helloworld\.Greeter\/SayHelloStream$/);
    await waitForText(page, 'detail-response', /"message":"Hello, Ada! \(5\/5\)"/);
    // The greeter logged the call's traceparent.
    await waitUntil(
      () => greeter.logs().split('\n').some((line) => line.includes('SayHelloStream') && line.includes(trace)),
      'the greeter to log the traceparent',
    );

    await page.getByTestId('detail-run-again').click();
    await waitUntil(async () => (await entry.count()) === 2, 'a second stream in the timeline');
    assert.equal(await replies(page).count(), 5);
    await waitForText(page, 'stream-status', /^OK$/);
    assert.deepEqual(problems, []);
  });

  test('Cancel stops the stream partway and no reply arrives after it', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await startStream(page, 'Grace');
    await waitUntil(async () => (await replies(page).count()) >= 1, 'the first reply');
    await page.getByTestId('stream-cancel').click();
    await waitForText(page, 'stream-status', /^CANCELLED$/);
    await waitForText(page, 'stream-error', /CANCELLED: cancelled in the page after \d repl/);

    const kept = await replies(page).count();
    assert.ok(kept >= 1 && kept < 5, `${kept} replies after Cancel`);
    // Longer than the rest of the stream would have taken.
    await page.waitForTimeout(INTERVAL_MS * 5);
    assert.equal(await replies(page).count(), kept, 'a reply arrived after Cancel');
    assert.ok(await page.getByTestId('stream-cancel').isDisabled());
    // The fetch was aborted: the greeter saw the client go away and stopped.
    await waitUntil(
      () =>
        greeter
          .logs()
          .split('\n')
          .some((line) => line.includes('the client went away') && line.includes('name=Grace')),
      'the greeter to stop the cancelled stream',
    );
    assert.deepEqual(problems, []);
  });

  test('an error partway is shown with the replies received before it', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await startStream(page, 'failing');
    await waitForText(page, 'stream-status', /^ABORTED$/);
    await waitForText(page, 'stream-error', /ABORTED: failed after 2 replies/);
    assert.deepEqual(await replies(page).allInnerTexts(), [
      'Hello, failing! (1/5)',
      'Hello, failing! (2/5)',
    ]);

    await startStream(page, '');
    await waitForText(page, 'stream-status', /^INVALID_ARGUMENT$/);
    await waitForText(page, 'stream-error', /name must not be empty/);
    assert.equal(await replies(page).count(), 0);
    assert.deepEqual(problems, []);
  });

  test('a deadline shorter than the stream ends it with DEADLINE_EXCEEDED', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    // Replies leave at 0 and 300 ms; the deadline passes at 500 ms.
    await startStream(page, 'Ada', '500');
    await waitForText(page, 'stream-status', /^DEADLINE_EXCEEDED$/);
    await waitForText(page, 'stream-error', /DEADLINE_EXCEEDED/);
    assert.deepEqual(await replies(page).allInnerTexts(), [
      'Hello, Ada! (1/5)',
      'Hello, Ada! (2/5)',
    ]);
    assert.deepEqual(problems, []);
  });
});
