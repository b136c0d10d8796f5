// The schema-codec benchmark (`scripts/bench.sh --only schema-codec`): what
// the schema worker's dynamic encode and decode cost per Greeter call, against
// prost's compiled code for the same messages, both timed in the page's own
// schema worker in headless Chromium (the worker's benchmark job,
// worker/src/bench.rs).
//
// It serves the page's release build, opens the page, and from the page starts
// the worker as the page does (`new Worker('./worker_loader.js')`), speaking
// its protocol directly: gloo-worker's envelope (`"WorkerLoaded"`, then
// `{"Connected":0}` and `{"ProcessInput":[0, request]}`, answered by
// `{"ProcessOutput":[0, reply]}`) around the worker's JSON requests. The page
// itself is not changed for it. Each run is a new worker. It prints one JSON
// object on stdout; progress goes to stderr. The benchmark runner
// (bench/src/bin/bench/schema_codec.rs) runs it and reports the figures:
//
//   node bench/browser/schema_codec.mjs --runs 5 --iterations 100000

import { parseArgs } from 'node:util';

import { launch } from '../../e2e/lib/browser.mjs';
import { pageUrl, servePage } from '../../e2e/lib/stack.mjs';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    iterations: { type: 'string', default: '100000' },
  },
});
const RUNS = Number(options.runs);
const ITERATIONS = Number(options.iterations);
/** No service is needed: the page's calls go nowhere. */
const NOWHERE = 'http://127.0.0.1:9';

const log = (message) => process.stderr.write(`schema-codec: ${message}\n`);

/** Starts a schema worker from the page, runs the benchmark job, answers its timings. */
function benchJob(page, iterations) {
  return page.evaluate(
    (iterations) =>
      new Promise((resolve, reject) => {
        const worker = new Worker('./worker_loader.js');
        const post = (message) => worker.postMessage(JSON.stringify(message));
        const done = (settle, value) => {
          worker.terminate();
          settle(value);
        };
        worker.onerror = (error) => done(reject, new Error(`the worker failed: ${error.message}`));
        worker.onmessage = ({ data }) => {
          const message = JSON.parse(data);
          if (message === 'WorkerLoaded') {
            post({ Connected: 0 });
            post({ ProcessInput: [0, { id: 1, job: { Bench: iterations } }] });
            return;
          }
          const { event } = message.ProcessOutput[1];
          if ('Message' in event) done(resolve, JSON.parse(event.Message));
          else done(reject, new Error(`the worker answered ${JSON.stringify(event)}`));
        };
      }),
    iterations,
  );
}

async function main() {
  const site = await servePage();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pageUrl(site.origin, { users: NOWHERE, greeter: NOWHERE, bridge: NOWHERE }));
    await page.waitForFunction(() => performance.getEntriesByName('sb:interactive').length > 0);
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const timings = await benchJob(page, ITERATIONS);
      log(
        `run ${i + 1}: compiled ${timings.compiled_ns_per_call.toFixed(0)} ns/call, ` +
          `dynamic ${timings.dynamic_ns_per_call.toFixed(0)} ns/call`,
      );
      runs.push(timings);
    }
    if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);
    process.stdout.write(`${JSON.stringify({ chromium: browser.version(), runs })}\n`);
  } finally {
    await browser.close();
    await site.close();
  }
}

await main();
