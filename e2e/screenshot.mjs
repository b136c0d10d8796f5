// Takes the README's screenshot, docs/screenshot.png: the built page in real
// headless Chromium against the real services and RabbitMQ, in the scene of
// lib/scene.mjs. Run it with `scripts/screenshot.sh`, which builds what it
// needs first; the tests play the same scene but never write into the tree.
//
//   node e2e/screenshot.mjs [PATH]        PATH defaults to docs/screenshot.png

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { launch, openPage } from './lib/browser.mjs';
import { consoleInUse } from './lib/scene.mjs';
import { ROOT, pageUrl, servePage, startService } from './lib/stack.mjs';

const out = resolve(process.argv[2] ?? join(ROOT, 'docs/screenshot.png'));

const site = await servePage();
const env = { ALLOWED_ORIGINS: site.origin };
let started = [];
let browser;
try {
  const results = await Promise.allSettled([
    startService('users', { ...env, USERS_BIND: '127.0.0.1:0' }),
    startService('greeter', { ...env, GREETER_BIND: '127.0.0.1:0' }),
    startService('bridge-server', { ...env, BRIDGE_BIND: '127.0.0.1:0' }),
  ]);
  started = results.filter((result) => result.status === 'fulfilled').map((result) => result.value);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [users, greeter, bridge] = started;
  browser = await launch();
  const { page, problems } = await openPage(
    browser,
    pageUrl(site.origin, { users: users.url, greeter: greeter.url, bridge: bridge.url }),
  );
  await consoleInUse(page);
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);

  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser?.close();
  await Promise.all(started.map((service) => service.stop()));
  await site.close();
}
