// Starts what the end-to-end tests run against: the built page on a static
// server, and the real users, greeter and bridge binaries on free ports.

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
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

/** Serves the trunk build in dist/ on 127.0.0.1 and a free port. */
export async function servePage() {
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
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((done) => server.close(done)) };
}

/**
 * Starts one of the workspace's binaries on a free port and resolves once it
 * prints `listening on http://…`. Its output is kept for failure reports.
 */
export function startService(name, env = {}) {
  const child = spawn(join(BIN_DIR, name), [], {
    env: { ...process.env, RUST_LOG: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const url = new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`${name} did not start:\n${output.join('')}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output.push(chunk.toString());
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
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
  return url.then((url) => ({
    url,
    logs: () => output.join(''),
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  }));
}

/** The page's URL with every service pointed at by query parameters. */
export function pageUrl(origin, { users, greeter, bridge }) {
  const query = new URLSearchParams({ users, greeter, bridge });
  return `${origin}/?${query}`;
}
