// The schema worker, which the Greeter's calls go through, starts on a
// person's intent in real headless Chromium: not with the page, but when the
// Greeter's form is focused or pointed at, before any click; and a call made
// before it is ready waits for it, with the worker fetched once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch } from '../lib/browser.mjs';
import { pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const NOWHERE = 'http://127.0.0.1:9';
/** The worker's wasm, as trunk names it. */
const WORKER_WASM = /\/worker[^/]*\.wasm(\?|$)/;

/** A new page that records each request's URL from the start. */
async function watchedPage(browser, url) {
  const page = await browser.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/panicked at/.test(message.text())) problems.push(`panic: ${message.text()}`);
  });
  await page.goto(url);
  // The page is interactive once its first render is in the DOM.
  await page.waitForFunction(() => performance.getEntriesByName('sb:interactive').length > 0);
  const count = (pattern) => requests.filter((request) => pattern.test(request)).length;
  return { page, problems, count };
}

describe('Greeter: the schema worker starts on intent', () => {
  let site, greeter, browser, url, toGreeter;

  before(async () => {
    site = await servePage();
    greeter = await startService('greeter', {
      ALLOWED_ORIGINS: site.origin,
      GREETER_BIND: '127.0.0.1:0',
    });
    url = pageUrl(site.origin, { users: NOWHERE, greeter: greeter.url, bridge: NOWHERE });
    toGreeter = new RegExp(`^${greeter.url}/`);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await greeter?.stop();
    await site?.close();
  });

  test('focusing the form fetches the worker before any click', async () => {
    const { page, problems, count } = await watchedPage(browser, url);
    assert.equal(count(WORKER_WASM), 0, 'the worker came with the page');

    await page.getByTestId('greeter-input').focus();
    await waitUntil(() => count(WORKER_WASM) === 1, 'the worker fetched on focus');
    assert.equal(count(toGreeter), 0, 'a call went out before the click');

    await page.getByTestId('greeter-input').fill('Intent');
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-result', /^Hello, Intent!$/);
    assert.equal(count(WORKER_WASM), 1, 'the worker was fetched again');
    assert.deepEqual(problems, []);
  });

  test('pointing at the form starts it; a click before it is ready waits for it', async () => {
    const { page, problems, count } = await watchedPage(browser, url);
    await page.getByTestId('greeter-panel').locator('form').hover();
    await waitUntil(() => count(WORKER_WASM) === 1, 'the worker fetched on pointing');

    // Focus and click at once: the call is queued behind the starting worker.
    const fresh = await watchedPage(browser, url);
    await fresh.page.getByTestId('greeter-input').focus();
    await fresh.page.getByTestId('greeter-send').click();
    await waitForText(fresh.page, 'greeter-result', /^Hello, /);
    await waitForText(fresh.page, 'greeter-status', /^OK$/);
    assert.equal(fresh.count(WORKER_WASM), 1, 'the worker was started twice');
    assert.deepEqual([...problems, ...fresh.problems], []);
  });
});
