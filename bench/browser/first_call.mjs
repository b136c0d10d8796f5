// The first Greeter call of a page, in real headless Chromium on loopback:
// click to rendered (the page's `sb:call:grpc` measure, src/perf.rs) for the
// first call, which the schema worker the call goes through has to be ready
// for. Each load is a new browser context (an empty cache, like a first
// visit). A person points at the Greeter's form before clicking its button:
// the click comes `lead` ms after the pointer enters the form, for each lead
// given (0: the click alone, whose own pointer move enters the form).
//
// It starts the release greeter on a free port (the e2e helpers in e2e/lib)
// and serves the page from SWITCHBOARD_DIST_DIR (default dist/). It prints one
// JSON object on stdout, each lead's durations in ms; progress goes to stderr.
//
//   SWITCHBOARD_BIN_DIR=target/release node bench/browser/first_call.mjs --loads 15 --leads 0,300,1000

import { parseArgs } from 'node:util';

import { launch } from '../../e2e/lib/browser.mjs';
import { pageUrl, servePage, startService } from '../../e2e/lib/stack.mjs';
import { waitForText } from '../../e2e/lib/wait.mjs';

const { values: options } = parseArgs({
  options: {
    loads: { type: 'string', default: '15' },
    leads: { type: 'string', default: '0,300,1000' },
  },
});
const LOADS = Number(options.loads);
const LEADS = options.leads.split(',').map(Number);
const NOWHERE = 'http://127.0.0.1:9';

const log = (message) => process.stderr.write(`first-call: ${message}\n`);

/** One first visit: points at the form, clicks `lead` ms later, answers the call's ms. */
async function firstCall(browser, url, lead) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('sb:interactive').length > 0);
    if (lead > 0) {
      await page.getByTestId('greeter-panel').locator('form').hover({ position: { x: 4, y: 4 } });
      // The person's own time between pointing and clicking.
      await page.waitForTimeout(lead);
    }
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-status', /^OK$/, 30_000);
    const handle = await page.waitForFunction(
      () => performance.getEntriesByName('sb:call:grpc')[0]?.duration,
    );
    return handle.jsonValue();
  } finally {
    await context.close();
  }
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main() {
  const site = await servePage();
  const greeter = await startService('greeter', {
    ALLOWED_ORIGINS: site.origin,
    GREETER_BIND: '127.0.0.1:0',
    RUST_LOG: 'warn',
  });
  const url = pageUrl(site.origin, { users: NOWHERE, greeter: greeter.url, bridge: NOWHERE });
  const browser = await launch();
  try {
    const leads = {};
    for (const lead of LEADS) {
      log(`${LOADS} first visits, click ${lead} ms after pointing at the form`);
      const durations = [];
      for (let i = 0; i < LOADS; i += 1) durations.push(await firstCall(browser, url, lead));
      leads[lead] = {
        durations,
        p50_ms: quantile(durations, 0.5),
        p90_ms: quantile(durations, 0.9),
      };
    }
    process.stdout.write(`${JSON.stringify({ chromium: browser.version(), loads: LOADS, leads })}\n`);
  } finally {
    await browser.close();
    await greeter.stop();
    await site.close();
  }
}

await main();
