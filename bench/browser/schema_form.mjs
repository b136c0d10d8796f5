// The schema-form benchmark (`scripts/bench.sh --only schema-form`): in
// headless Chromium, from a page with nothing of the gRPC console loaded, how
// long the way to a method's request form takes, in three steps as a person
// takes them:
//
// - module: the click on `console-open` (which fetches and starts the
//   console's module) to `console-panel` in the DOM;
// - schema: the click on `console-reflect` (which starts the schema worker
//   and loads the greeter's schema by server reflection through the bridge)
//   to `console-schema` saying "Schema from server reflection";
// - form: choosing `/echo.Echo/Unary` in `console-method` to `console-form`
//   in the DOM.
//
// Each step is timed in the page, from its event (a capturing listener on the
// document, so before the app's handler) to the DOM change (a
// MutationObserver), so the driver's own delays between steps are left out.
// Cold: a new browser context (empty cache) per load. Warm: reloads in one
// context, with the page's storage cleared before each, so that the schema is
// fetched again while the modules come from the cache.
//
// It starts the release greeter and the bridge (GRPC_TARGETS = the greeter)
// on free ports and serves the page's release build. It prints one JSON
// object on stdout; progress goes to stderr. The benchmark runner
// (bench/src/bin/bench/schema_form.rs) runs it and reports the figures:
//
//   SWITCHBOARD_BIN_DIR=target/release node bench/browser/schema_form.mjs --loads 5

import { parseArgs } from 'node:util';

import { launch } from '../../e2e/lib/browser.mjs';
import { pageUrl, servePage, startService } from '../../e2e/lib/stack.mjs';

const { values: options } = parseArgs({
  options: {
    loads: { type: 'string', default: '5' },
  },
});
const LOADS = Number(options.loads);
const NOWHERE = 'http://127.0.0.1:9';
const METHOD = '/echo.Echo/Unary';
const STEP_TIMEOUT = 30_000;

const log = (message) => process.stderr.write(`schema-form: ${message}\n`);

/**
 * Puts the step timer in the page: `window.schemaFormTimes` gets the time of
 * each step's event and of the DOM change that ends it, in ms since
 * navigation start.
 */
function instrument(page) {
  return page.evaluate(() => {
    const times = {};
    window.schemaFormTimes = times;
    const first = (name) => {
      times[name] ??= performance.now();
    };
    const testid = (event) => event.target.closest?.('[data-testid]')?.dataset.testid;
    document.addEventListener('click', (event) => first(`click:${testid(event)}`), true);
    for (const type of ['input', 'change']) {
      document.addEventListener(type, (event) => first(`choose:${testid(event)}`), true);
    }
    const find = (id) => document.querySelector(`[data-testid="${id}"]`);
    const observer = new MutationObserver(() => {
      if (find('console-panel')) first('module');
      if (/Schema from server reflection/.test(find('console-schema')?.textContent ?? '')) first('schema');
      if (find('console-form')) {
        first('form');
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** Waits until the page has recorded `name`. */
function recorded(page, name) {
  return page.waitForFunction((name) => window.schemaFormTimes[name] !== undefined, name, {
    timeout: STEP_TIMEOUT,
  });
}

/** Takes the three steps on a freshly loaded page; answers each step's ms. */
async function steps(page) {
  await page.waitForFunction(() => performance.getEntriesByName('sb:interactive').length > 0);
  await instrument(page);
  await page.getByTestId('console-open').click();
  await recorded(page, 'module');
  await page.getByTestId('console-reflect').click();
  await recorded(page, 'schema');
  await page.getByTestId('console-method').selectOption(METHOD);
  await recorded(page, 'form');
  const times = await page.evaluate(() => window.schemaFormTimes);
  const step = (from, to) => {
    // A step that ended before its event (a schema left from before) would not be timed.
    if (!(times[from] <= times[to])) throw new Error(`${from} then ${to}? ${JSON.stringify(times)}`);
    return times[to] - times[from];
  };
  const module = step('click:console-open', 'module');
  const schema = step('click:console-reflect', 'schema');
  const form = step('choose:console-method', 'form');
  return { module, schema, form, total: module + schema + form };
}

async function main() {
  const site = await servePage();
  const env = { ALLOWED_ORIGINS: site.origin, RUST_LOG: 'warn' };
  const greeter = await startService('greeter', { ...env, GREETER_BIND: '127.0.0.1:0' });
  const bridge = await startService('bridge-server', {
    ...env,
    BRIDGE_BIND: '127.0.0.1:0',
    GRPC_TARGETS: greeter.url,
    RATE_LIMIT_PER_SECOND: '0',
  });
  const url = pageUrl(site.origin, { users: NOWHERE, greeter: greeter.url, bridge: bridge.url });
  const browser = await launch();
  const problems = [];
  const watch = (page) => page.on('pageerror', (error) => problems.push(error.message));
  try {
    const cold = [];
    for (let i = 0; i < LOADS; i += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      watch(page);
      await page.goto(url);
      cold.push(await steps(page));
      log(`cold ${i + 1}: ${JSON.stringify(cold.at(-1))}`);
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    watch(page);
    await page.goto(url);
    await steps(page);
    const warm = [];
    for (let i = 0; i < LOADS; i += 1) {
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      warm.push(await steps(page));
      log(`warm ${i + 1}: ${JSON.stringify(warm.at(-1))}`);
    }
    await context.close();
    if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);
    process.stdout.write(`${JSON.stringify({ chromium: browser.version(), cold, warm })}\n`);
  } finally {
    await browser.close();
    await bridge.stop();
    await greeter.stop();
    await site.close();
  }
}

await main();
