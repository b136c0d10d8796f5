// The browser benchmark (`scripts/bench.sh --only browser`): the page's own
// timings in real headless Chromium on loopback, read from the User Timing
// marks the page records (src/perf.rs):
//
// - `sb:interactive`: when the first render was in the DOM, in ms since
//   navigation start, over several page loads with a cold cache (a new browser
//   context each) and a warm one (reloads in one context);
// - `sb:call:rest|grpc|amqp`: click to rendered for each panel's send button,
//   one call at a time, network round trip included;
// - two floors beside them: the same requests made by a plain `fetch` in the
//   page's own JavaScript (the network alone), and by a plain button whose
//   click handler fetches and writes the answer into the DOM (all a click to
//   a rendered answer costs in this browser, without the app).
//
// It starts the release users, greeter and bridge binaries on free ports (the
// e2e helpers in e2e/lib), with the bridge publishing to an exchange of its
// own that a tap queue is bound to, so that every publish is routable. It
// prints one JSON object on stdout; progress goes to stderr. The benchmark
// runner (bench/src/bin/bench/browser.rs) runs it and reports the figures:
//
//   SWITCHBOARD_BIN_DIR=target/release node bench/browser/timings.mjs --clicks 50

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

import { tap } from '../../e2e/lib/amqp.mjs';
import { launch } from '../../e2e/lib/browser.mjs';
import { pageUrl, servePage, startService } from '../../e2e/lib/stack.mjs';
import { waitForText } from '../../e2e/lib/wait.mjs';

// The e2e suite's dependencies (`npm ci` in e2e/ installs them).
const amqp = createRequire(new URL('../../e2e/package.json', import.meta.url))('amqplib');

const { values: options } = parseArgs({
  options: {
    loads: { type: 'string', default: '10' },
    clicks: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
  },
});
const LOADS = Number(options.loads);
const CLICKS = Number(options.clicks);
const WARMUP = Number(options.warmup);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672/%2f';

/** The panels timed, by the prefix of their `data-testid`s. */
const PANELS = [
  { transport: 'rest', id: 'users', ok: /^200/ },
  { transport: 'grpc', id: 'greeter', ok: /^OK$/ },
  { transport: 'amqp', id: 'publish', ok: /^confirmed$/ },
];

const log = (message) => process.stderr.write(`browser: ${message}\n`);

/** Declares a transient fanout exchange for this run; `remove` deletes it. */
async function scratchExchange() {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  const name = `switchboard.bench-browser-${randomUUID()}`;
  await channel.assertExchange(name, 'fanout', { durable: false, autoDelete: false });
  return {
    name,
    remove: async () => {
      await channel.deleteExchange(name);
      await connection.close();
    },
  };
}

/** Loads the page and answers `sb:interactive`'s start time, in ms. */
async function interactive(page, load) {
  await load();
  const handle = await page.waitForFunction(
    () => performance.getEntriesByName('sb:interactive')[0]?.startTime,
    null,
    { timeout: 30_000 },
  );
  return handle.jsonValue();
}

/** Cold: a new context (empty cache) per load. Warm: reloads in one context. */
async function pageLoads(browser, url) {
  const cold = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    cold.push(await interactive(page, () => page.goto(url)));
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await interactive(page, () => page.goto(url));
  const warm = [];
  for (let i = 0; i < LOADS; i += 1) {
    warm.push(await interactive(page, () => page.reload()));
  }
  await context.close();
  return { cold, warm };
}

/**
 * Resolves, in the page, once there are more than `before` entries named
 * `name`. A PerformanceObserver wakes it, so nothing polls the page (and
 * adds frames to it) while a call is timed.
 */
function measured(page, name, before) {
  return page.evaluate(
    ([name, before]) =>
      new Promise((resolve) => {
        const done = () => performance.getEntriesByName(name).length > before;
        if (done()) return resolve();
        const observer = new PerformanceObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe({ entryTypes: ['measure'] });
      }),
    [name, before],
  );
}

/**
 * Clicks one panel's send button `WARMUP + CLICKS` times, each once the
 * previous call's result is rendered (its measure exists), and answers the
 * measured durations in ms and the wall time they took.
 */
async function clicks(page, { transport, id, ok }) {
  const name = `sb:call:${transport}`;
  const button = page.getByTestId(`${id}-send`);
  let started = 0;
  for (let i = 0; i < WARMUP + CLICKS; i += 1) {
    if (i === WARMUP) started = Date.now();
    const done = measured(page, name, i);
    await button.click();
    await done;
  }
  const wallMs = Date.now() - started;
  await waitForText(page, `${id}-status`, ok);
  const durations = await page.evaluate(
    (name) => performance.getEntriesByName(name).map((entry) => entry.duration),
    name,
  );
  return { durations: durations.slice(WARMUP), wall_ms: wallMs };
}

/**
 * Puts the requests the panels send in the page, as `window.floorCalls`:
 * `GET /users/1`; `SayHello {name: "Ada"}` framed for gRPC-web; a publish.
 * Each sends a `traceparent` header, as the page does, and answers the
 * `fetch` response.
 */
function installFloorCalls(page, { users, greeter, bridge }) {
  return page.evaluate(
    ({ users, greeter, bridge }) => {
      const traceparent = () => {
        const hex = (bytes) =>
          Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
            b.toString(16).padStart(2, '0'),
          ).join('');
        return `00-${hex(16)}-${hex(8)}-01`;
      };
      // SayHello {name: "Ada"}, framed for gRPC-web: flag 0, length 5.
      const hello = new Uint8Array([0, 0, 0, 0, 5, 10, 3, 65, 100, 97]);
      window.floorCalls = {
        rest: () => fetch(`${users}/users/1`, { headers: { traceparent: traceparent() } }),
        grpc: () =>
          fetch(`${greeter}/helloworld.Greeter/SayHello`, {
            method: 'POST',
            headers: {
              'content-type': 'application/grpc-web+proto',
              'x-grpc-web': '1',
              traceparent: traceparent(),
            },
            body: hello,
          }),
        amqp: () =>
          fetch(`${bridge}/api/publish`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', traceparent: traceparent() },
            body: JSON.stringify({ payload: 'hello from Switchboard', message_id: crypto.randomUUID() }),
          }),
      };
    },
    { users, greeter, bridge },
  );
}

/**
 * The network floor: each request made by a plain `fetch` in the page's own
 * JavaScript, one at a time, from before the call to the whole body read.
 * No click, no app, no render. Answers ms per call by transport.
 */
function fetchFloors(page) {
  return page.evaluate(
    async ({ warmup, clicks }) => {
      const out = {};
      for (const [transport, call] of Object.entries(window.floorCalls)) {
        const durations = [];
        for (let i = 0; i < warmup + clicks; i += 1) {
          const start = performance.now();
          const response = await call();
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${transport} floor call: HTTP ${response.status}`);
          durations.push(performance.now() - start);
        }
        out[transport] = durations.slice(warmup);
      }
      return out;
    },
    { warmup: WARMUP, clicks: CLICKS },
  );
}

/**
 * The click floor: a plain button per request, added to the page, whose
 * handler makes the request with `fetch` and writes the answer into the DOM,
 * timed from the handler to the text written, and clicked the way the panels
 * are. That is what a click to a rendered answer costs in this browser
 * without the app: input handling, the frame the click asks for, the network
 * and a DOM write. Answers ms per click by transport.
 */
async function clickFloors(page) {
  await page.evaluate(() => {
    // Fixed in a corner, so that the app's layout does not move.
    const box = document.createElement('div');
    box.style.cssText = 'position: fixed; bottom: 0; left: 0; z-index: 10';
    const out = document.createElement('output');
    for (const [transport, call] of Object.entries(window.floorCalls)) {
      const button = document.createElement('button');
      button.dataset.testid = `floor-${transport}`;
      button.textContent = `plain ${transport}`;
      let seq = 0;
      button.addEventListener('click', async () => {
        const click = `floor:click:${transport}:${seq++}`;
        performance.mark(click);
        const response = await call();
        out.textContent = await response.text();
        performance.measure(`floor:call:${transport}`, click);
      });
      box.append(button);
    }
    box.append(out);
    document.body.append(box);
  });
  const out = {};
  for (const transport of ['rest', 'grpc', 'amqp']) {
    const name = `floor:call:${transport}`;
    const button = page.getByTestId(`floor-${transport}`);
    for (let i = 0; i < WARMUP + CLICKS; i += 1) {
      const done = measured(page, name, i);
      await button.click();
      await done;
    }
    const durations = await page.evaluate(
      (name) => performance.getEntriesByName(name).map((entry) => entry.duration),
      name,
    );
    out[transport] = durations.slice(WARMUP);
  }
  return out;
}

async function main() {
  const exchange = await scratchExchange();
  const site = await servePage();
  const env = { ALLOWED_ORIGINS: site.origin, RUST_LOG: 'warn' };
  const services = await Promise.all([
    startService('users', { ...env, USERS_BIND: '127.0.0.1:0' }),
    startService('greeter', { ...env, GREETER_BIND: '127.0.0.1:0' }),
    startService('bridge-server', {
      ...env,
      BRIDGE_BIND: '127.0.0.1:0',
      AMQP_URL,
      BRIDGE_EXCHANGE: exchange.name,
      RATE_LIMIT_PER_SECOND: '0',
    }),
  ]);
  const [users, greeter, bridge] = services;
  const url = pageUrl(site.origin, { users: users.url, greeter: greeter.url, bridge: bridge.url });
  const logs = await tap(exchange.name);
  const browser = await launch();
  try {
    log(`${LOADS} cold and ${LOADS} warm page loads`);
    const loads = await pageLoads(browser, url);

    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await waitForText(page, 'broker-status', /broker: connected/);
    await installFloorCalls(page, { users: users.url, greeter: greeter.url, bridge: bridge.url });
    log(`${WARMUP} + ${CLICKS} plain fetches of each panel's request (the network floor)`);
    const floor = await fetchFloors(page);
    log(`${WARMUP} + ${CLICKS} clicks on a plain button making each request (the click floor)`);
    const clickFloor = await clickFloors(page);
    const calls = {};
    for (const panel of PANELS) {
      log(`${WARMUP} + ${CLICKS} clicks on ${panel.id}-send`);
      calls[panel.transport] = await clicks(page, panel);
    }
    await context.close();
    // Every confirmed publish, the floor's and the panel's, reached the tap's queue.
    await logs.waitFor((_, index) => index === 3 * (WARMUP + CLICKS) - 1);
    if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);

    const result = {
      chromium: browser.version(),
      loads: LOADS,
      clicks: CLICKS,
      warmup: WARMUP,
      interactive_ms: loads,
      calls,
      floor,
      click_floor: clickFloor,
      tapped: logs.messages.length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await logs.close();
    await Promise.all(services.map((service) => service.stop()));
    await site.close();
    await exchange.remove();
  }
}

await main();
