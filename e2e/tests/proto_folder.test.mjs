// A folder of .proto files as the gRPC console's schema, in real headless
// Chromium: picked with the folder input (playwright uploads a directory to a
// `webkitdirectory` input), its include root found from an import across
// subfolders, other files skipped, a call against the real greeter, the
// schema kept across a reload; and an import no file answers, named with its
// file as it sits in the folder.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launch, openPage } from '../lib/browser.mjs';
import { ROOT, pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForText, waitUntil } from '../lib/wait.mjs';

const NOWHERE = 'http://127.0.0.1:9';

/** Writes `files` (path in the folder → text) under `folder`. */
function writeTree(folder, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

/** A project's layout: protos under `proto/`, imported from that root. */
const SHOP = {
  'proto/echo/echo.proto': readFileSync(join(ROOT, 'protos/echo.proto'), 'utf8'),
  'proto/acme/front/v1/front.proto': [
    'syntax = "proto3";',
    'package acme.front.v1;',
    '',
    'import "echo/echo.proto";',
    '',
    '// The echo, behind a front.',
    'service Front {',
    '  rpc Unary (echo.Sample) returns (echo.Echoed);',
    '}',
    '',
  ].join('\n'),
  'README.md': '# The shop protos\n',
  'proto/buf.yaml': 'version: v2\n',
};

/** A file whose import is in no file of the folder. */
const BROKEN = {
  'proto/acme/billing/v1/invoice.proto': [
    'syntax = "proto3";',
    'package acme.billing.v1;',
    '',
    'import "acme/common/v1/money.proto";',
    '',
    'message Invoice { acme.common.v1.Money total = 1; }',
    '',
  ].join('\n'),
};

async function openConsole(page) {
  await page.getByTestId('console-open').click();
  await page.getByTestId('console-panel').waitFor();
}

async function callUnary(page, text) {
  await page.getByTestId('console-method').selectOption('/echo.Echo/Unary');
  await waitUntil(
    async () => (await page.getByTestId('console-body').inputValue()).includes('"'),
    'the template of echo.Echo/Unary',
  );
  await page.getByTestId('console-body').fill(JSON.stringify({ text }));
  await page.getByTestId('console-send').click();
  await waitForText(page, 'console-status', /^OK$/);
  return JSON.parse(await page.getByTestId('console-reply').first().innerText());
}

describe('gRPC console: a folder of .proto files', () => {
  let site, greeter, browser, services, scratch;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'switchboard-protos-'));
    writeTree(join(scratch, 'shop-protos'), SHOP);
    writeTree(join(scratch, 'broken-protos'), BROKEN);
    site = await servePage();
    greeter = await startService('greeter', {
      ALLOWED_ORIGINS: site.origin,
      GREETER_BIND: '127.0.0.1:0',
    });
    services = { users: NOWHERE, greeter: greeter.url, bridge: NOWHERE };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await greeter?.stop();
    await site?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('a picked folder finds its import root, skips other files, calls, and survives a reload', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('console-folder').setInputFiles(join(scratch, 'shop-protos'));
    await waitForText(
      page,
      'console-schema',
      /^Schema from folder shop-protos \(2 \.proto files, import root proto\/, 2 other files skipped\): acme\.front\.v1\.Front, echo\.Echo$/,
    );
    const reply = await callUnary(page, 'from a folder');
    assert.equal(reply.sample.text, 'from a folder');

    // grpcurl gets the folder's root as its import path, and the files by the
    // paths their imports use.
    const entry = page.locator('[data-testid="timeline-entry"]', { hasText: 'echo.Echo/Unary' });
    await entry.first().click();
    await waitForText(
      page,
      'export-grpcurl',
      /^grpcurl -plaintext -import-path 'shop-protos\/proto' -proto 'acme\/front\/v1\/front\.proto' -proto 'echo\/echo\.proto' /,
    );

    await page.reload();
    await openConsole(page);
    await waitForText(page, 'console-schema', /^Schema from folder shop-protos \(2 \.proto files/);
    const again = await callUnary(page, 'after a reload');
    assert.equal(again.sample.text, 'after a reload');
    assert.deepEqual(problems, []);
  });

  test('an import that no file of the folder answers names the file and the import', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await openConsole(page);
    await page.getByTestId('console-folder').setInputFiles(join(scratch, 'broken-protos'));
    await waitForText(
      page,
      'console-schema-error',
      /^proto\/acme\/billing\/v1\/invoice\.proto:4:\d+: .*acme\/common\/v1\/money\.proto/,
    );
    assert.deepEqual(problems, []);
  });
});
