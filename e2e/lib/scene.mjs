// The console in use, as the README's screenshot shows it: the Live panel
// listening, Run all's three calls, the greeter's stream, a JSON publish, and
// that publish opened in the timeline. The end-to-end suite plays it, so the
// screenshot command (e2e/screenshot.mjs) is known to work.

import { waitForCount, waitForText } from './wait.mjs';

/** Plays the scene on a freshly opened page, 1400 × 1000 and light. */
export async function consoleInUse(page) {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light' });
  // The Live panel's queue makes the publishes routable, and shows them arrive.
  await page.getByTestId('live-start').click();
  await waitForText(page, 'live-queue', /amq\.gen-/);
  await page.getByTestId('users-input').fill('999');
  await page.getByTestId('run-all').click();
  await waitForCount(page.getByTestId('timeline-entry'), 3);
  await page.getByTestId('stream-send').click();
  await waitForCount(page.getByTestId('stream-reply'), 5);
  await page.getByTestId('publish-input').fill('{"order": 42, "status": "shipped"}');
  await page.getByTestId('publish-format').selectOption('json');
  await page.getByTestId('publish-send').click();
  await waitForCount(page.getByTestId('live-message'), 2);
  await page.locator('[data-testid=timeline-entry][data-transport=amqp]').first().click();
  await waitForText(page, 'detail-status', /^confirmed$/);
}
