// Starts what the end-to-end tests run against: the built page on a static
// server, and the real users, greeter, bridge and logs binaries, on free ports
// or, as scripts/run.sh starts them, on their defaults.

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN_DIR = process.env.SWITCHBOARD_BIN_DIR ?? join(ROOT, 'target/debug');
export const DIST_DIR = process.env.SWITCHBOARD_DIST_DIR ?? join(ROOT, 'dist');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** Serves the trunk build in dist/ on 127.0.0.1 and `port` (a free one by default). */
export async function servePage(port = 0) {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`no page build in ${DIST_DIR}; run \`trunk build --release\` first`);
  }
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    let file = join(DIST_DIR, path);
    if (!file.startsWith(DIST_DIR) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(DIST_DIR, 'index.html');
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((done) => server.close(done)) };
}

const LISTENING = /listening on (http:\/\/\S+)/;

/**
 * Starts one of the workspace's binaries on a free port and resolves once it
 * prints `listening on http://…`. Its output is kept for failure reports.
 */
export function startService(name, env = {}) {
  return startServer(name, { ...process.env, RUST_LOG: 'info', ...env });
}

/**
 * Starts the logs service and resolves once its queue is bound to the
 * exchange (`LOGS_EXCHANGE`, `logs` by default), so that a publish from then
 * on reaches it. `logs()` is what it logged, a line per message received.
 */
export function startLogs(env = {}) {
  return spawnService('logs', { ...process.env, ...env }, /bound (\S+) to /).then(
    ({ announced, ...service }) => ({ queue: announced, ...service }),
  );
}

/** The ports scripts/run.sh serves on: the page and each service's default. */
export const DEFAULT_PORTS = { page: 8080, bridge: 3000, users: 3001, greeter: 50051 };

/**
 * The stack exactly as scripts/run.sh starts it: the users, greeter and logs
 * services and the bridge with no settings of their own (every default), and
 * the page on 127.0.0.1:8080, where it finds them without query parameters.
 * The ports must be free: this is the one place the suite cannot pick its own.
 */
export async function startDefaultStack() {
  const taken = [];
  for (const [what, port] of Object.entries(DEFAULT_PORTS)) {
    if (await answers(port)) taken.push(`${port} (${what})`);
  }
  if (taken.length > 0) {
    throw new Error(
      `the stack runs on the defaults, but 127.0.0.1:${taken.join(', ')} already answer; ` +
        'stop what holds them (scripts/run.sh, perhaps) and run again',
    );
  }
  const site = await servePage(DEFAULT_PORTS.page);
  const settled = await Promise.allSettled([
    startServer('users', process.env),
    startServer('greeter', process.env),
    startServer('bridge-server', process.env),
    startLogs(),
  ]);
  const running = settled.filter(({ status }) => status === 'fulfilled').map(({ value }) => value);
  const stop = async () => {
    await Promise.all(running.map((service) => service.stop()));
    await site.close();
  };
  const failed = settled.find(({ status }) => status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [users, greeter, bridge, logs] = running;
  return { page: `${site.origin}/`, users, greeter, bridge, logs, stop };
}

function startServer(name, env) {
  return spawnService(name, env, LISTENING).then(({ announced, ...service }) => ({
    url: announced,
    ...service,
  }));
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function answers(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Spawns a binary from BIN_DIR with `env` and resolves once its stdout matches
 * `announcement`, with the first group as `announced`. Its output is kept for
 * failure reports and `logs()`.
 */
function spawnService(name, env, announcement) {
  const child = spawn(join(BIN_DIR, name), [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const announced = new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`${name} did not start:\n${output.join('')}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output.push(chunk.toString());
      const match = announcement.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        found(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  return announced.then(
    (announced) => ({ announced, logs: () => output.join(''), stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** The page's URL with every service pointed at by query parameters. */
export function pageUrl(origin, { users, greeter, bridge }) {
  const query = new URLSearchParams({ users, greeter, bridge });
  return `${origin}/?${query}`;
}
