// Waiting for what the page renders, with a clear failure message.

import assert from 'node:assert/strict';

/** Waits until the element with `testId` shows text matching `pattern`. */
export async function waitForText(page, testId, pattern, timeout = 10_000) {
  const locator = page.getByTestId(testId);
  const until = Date.now() + timeout;
  let last = '(not rendered)';
  while (Date.now() < until) {
    if ((await locator.count()) > 0) {
      last = await locator.first().innerText();
      if (pattern.test(last)) return last;
    }
    await page.waitForTimeout(50);
  }
  assert.fail(`${testId}: expected ${pattern}, last saw ${JSON.stringify(last)}`);
}

/** Waits until `locator` matches exactly `count` elements. */
export async function waitForCount(locator, count, timeout = 10_000) {
  const until = Date.now() + timeout;
  let last = -1;
  while (Date.now() < until) {
    last = await locator.count();
    if (last === count) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.fail(`expected ${count} elements, last saw ${last}`);
}

/** Waits until `check()` is true, polling; `what` names it in the failure. */
export async function waitUntil(check, what, timeout = 10_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
