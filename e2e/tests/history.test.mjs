// The timeline, correlation ids, details, exports, share links, persistence,
// diagnostics and keyboard use, in real headless Chromium against the real
// services and RabbitMQ.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { tap } from '../lib/amqp.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { consoleInUse } from '../lib/scene.mjs';
import { pageUrl, servePage, startService } from '../lib/stack.mjs';
import { waitForCount, waitForText, waitUntil } from '../lib/wait.mjs';

describe('timeline and tools', () => {
  let site, users, greeter, bridge, blockedGreeter, browser, services;

  before(async () => {
    site = await servePage();
    const env = { ALLOWED_ORIGINS: site.origin };
    // A greeter that does not allow the page's origin, for the diagnosis.
    blockedGreeter = await startService('greeter', {
      GREETER_BIND: '127.0.0.1:0',
      ALLOWED_ORIGINS: 'http://somewhere-else.test',
    });
    [users, greeter, bridge] = await Promise.all([
      startService('users', { ...env, USERS_BIND: '127.0.0.1:0' }),
      startService('greeter', { ...env, GREETER_BIND: '127.0.0.1:0' }),
      startService('bridge-server', {
        ...env,
        BRIDGE_BIND: '127.0.0.1:0',
        PROBE_TARGETS: blockedGreeter.url,
      }),
    ]);
    services = { users: users.url, greeter: greeter.url, bridge: bridge.url };
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([users, greeter, bridge, blockedGreeter].map((service) => service?.stop()));
    await site?.close();
  });

  test('Run all sends three calls under one correlation id, across all three transports', async () => {
    const logs = await tap('logs');
    try {
      const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
      await page.getByTestId('publish-input').fill('run all');
      await page.getByTestId('run-all').click();
      const group = page.getByTestId('timeline-group');
      await waitForCount(group.getByTestId('timeline-entry'), 3);
      assert.equal(await group.count(), 1);
      const traceId = await group.getAttribute('data-trace');
      assert.match(traceId, /^[0-9a-f]{32}$/);
      for (const transport of ['rest', 'grpc', 'amqp']) {
        assert.equal(await group.locator(`[data-transport=${transport}]`).count(), 1, transport);
      }

      const message = await logs.waitFor((m) => m.content.toString() === 'run all');
      assert.equal(message.properties.correlationId, traceId);
      assert.match(message.properties.headers.traceparent.toString(), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      // The services log the id they received.
      await waitUntil(() => users.logs().includes(traceId), 'users service logged the trace id');
      await waitUntil(() => bridge.logs().includes(traceId), 'bridge logged the trace id');
      assert.deepEqual(problems, []);
    } finally {
      await logs.close();
    }
  });

  test('an entry opens the full call, runs again, and exports as commands', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('users-input').fill('4');
    await page.getByTestId('users-headers').fill('x-tenant: acme');
    await page.getByTestId('users-send').click();
    await waitForText(page, 'users-name', /Barbara Liskov/);

    await page.getByTestId('timeline-entry').first().click();
    const detail = page.getByTestId('call-detail');
    await waitForText(page, 'detail-status', /^200 OK$/);
    const request = await page.getByTestId('detail-request').innerText();
    assert.match(request, /GET http:\/\/127\.0\.0\.1:\d+\/users\/4/);
    assert.match(request, /x-tenant\s+acme/);
    assert.match(request, /traceparent\s+00-[0-9a-f]{32}-/);
    assert.match(await page.getByTestId('detail-response').innerText(), /HTTP 200[\s\S]*Barbara Liskov/);
    assert.match(await detail.getByTestId('export-curl').innerText(), /^curl -i -H 'x-tenant: acme' -H 'traceparent: 00-/);

    await page.getByTestId('detail-run-again').click();
    await waitForCount(page.getByTestId('timeline-entry'), 2);

    await page.getByTestId('greeter-input').fill('Grace');
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-result', /Hello, Grace!/);
    await page.getByTestId('timeline-entry').first().click();
    assert.match(await page.getByTestId('export-grpcurl').innerText(), /grpcurl -plaintext .*-d '\{"name":"Grace"\}' 127\.0\.0\.1:\d+ helloworld\.Greeter\/SayHello/);
    assert.deepEqual(problems, []);
  });

  test('history and settings survive a reload; the history can be cleared', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('users-send').click();
    await page.getByTestId('greeter-send').click();
    await waitForCount(page.getByTestId('timeline-entry'), 2);
    await page.getByTestId('settings').locator('summary').click();
    await page.getByTestId('settings-token').fill('kept-token');
    await page.getByTestId('settings-apply').click();
    assert.equal(await page.getByTestId('latency-chart').count(), 1);

    await page.reload();
    await waitForCount(page.getByTestId('timeline-entry'), 2);
    await page.getByTestId('settings').locator('summary').click();
    assert.equal(await page.getByTestId('settings-token').inputValue(), 'kept-token');

    await page.getByTestId('timeline-clear').click();
    await waitForCount(page.getByTestId('timeline-entry'), 0);
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    assert.equal(await page.getByTestId('timeline-entry').count(), 0);
    assert.deepEqual(problems, []);
  });

  test('a share link restores the requests in a new tab', async () => {
    const { page } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('users-input').fill('42');
    await page.getByTestId('greeter-metadata').fill('x-team: núcleo');
    await page.getByTestId('publish-routing-key').fill('audit.eu');
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.match(link, /#requests=[A-Za-z0-9_-]+$/);

    const { page: other, problems } = await openPage(browser, link);
    assert.equal(await other.getByTestId('users-input').inputValue(), '42');
    assert.equal(await other.getByTestId('greeter-metadata').inputValue(), 'x-team: núcleo');
    assert.equal(await other.getByTestId('publish-routing-key').inputValue(), 'audit.eu');
    assert.deepEqual(problems, []);
  });

  test('JSON payloads are checked in the page before anything is sent', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('publish-format').selectOption('json');
    await page.getByTestId('publish-input').fill('{"level": "info",');
    await waitForText(page, 'publish-input-invalid', /Not valid JSON/);
    await page.getByTestId('publish-send').click();
    await waitForText(page, 'publish-status', /^not sent$/);
    await page.getByTestId('publish-input').fill('{"level": "info"}');
    assert.equal(await page.getByTestId('publish-input-invalid').count(), 0);
    assert.deepEqual(problems, []);
  });

  test('the bridge diagnoses a CORS refusal the browser only reports as a network error', async () => {
    const { page, problems } = await openPage(
      browser,
      pageUrl(site.origin, { ...services, greeter: blockedGreeter.url }),
    );
    await page.getByTestId('greeter-send').click();
    await waitForText(page, 'greeter-status', /^network error$/);
    await page.getByTestId('greeter-diagnose').click();
    const report = await waitForText(page, 'greeter-diagnosis', /origin allowed/);
    assert.match(report, /✗ origin allowed \(preflight\): no Access-Control-Allow-Origin for http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(await page.getByTestId('greeter-diagnosis').getAttribute('data-ok'), 'false');
    assert.deepEqual(problems, []);
  });

  test('works from the keyboard: Ctrl+Enter in a field and Enter on a focused button', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.getByTestId('users-input').fill('5');
    await page.getByTestId('users-input').press('Control+Enter');
    await waitForText(page, 'users-name', /Edsger Dijkstra/);

    await page.getByTestId('greeter-metadata').focus();
    await page.keyboard.press('Control+Enter');
    await waitForText(page, 'greeter-result', /Hello, Ada!/);

    await page.getByTestId('users-input').fill('3');
    await page.getByTestId('users-input').focus();
    await page.keyboard.press('Tab'); // the headers field
    await page.keyboard.press('Tab'); // the Fetch user button
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'users-send');
    await page.keyboard.press('Enter');
    await waitForText(page, 'users-name', /Alan Turing/);

    // Every input has a label a screen reader can announce.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, textarea, select')]
        .filter((field) => !field.labels?.length && !field.getAttribute('aria-label'))
        .map((field) => field.dataset.testid ?? field.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(problems, []);
  });

  test('follows the system dark mode, and plays the scene of the README screenshot', async () => {
    const { page, problems } = await openPage(browser, pageUrl(site.origin, services));
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(dark, light);
    assert.ok(luminance(dark) < 0.2 && luminance(light) > 0.8, `${dark} / ${light}`);

    await consoleInUse(page);
    assert.deepEqual(problems, []);
  });
});

function luminance(color) {
  const [r, g, b] = color.match(/\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
