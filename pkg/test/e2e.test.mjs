// End to end in a real browser: Debian's Chromium driven by playwright-core. Serves the demo on
// loopback, fills a form, sees the error appear beside the right field, fixes it, sees it go.
// Screenshots go to pkg/test-output/ (git-ignored). Without /usr/bin/chromium the test is skipped,
// unless LBLINT_E2E_REQUIRED=1 (as in .ci/test-all), where that is a failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../demo/serve.mjs';

const CHROMIUM = process.env.LBLINT_CHROMIUM || '/usr/bin/chromium';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output');
const available = existsSync(CHROMIUM);
if (!available && process.env.LBLINT_E2E_REQUIRED) {
  throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium) and LBLINT_E2E_REQUIRED is set`);
}
const skip = available ? false : `no browser at ${CHROMIUM} (apt-get install -y chromium)`;

let server;
let url;
let context;
let profile;
const pageErrors = [];
const foreignRequests = [];

before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  ({ server, url } = await serve({ port: 0 }));
  profile = mkdtempSync(join(tmpdir(), 'lblint-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(op) {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(`${url}?op=${op}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return page;
}

const diagsFor = (page, pointer) => page.locator(`[data-diags-for="${pointer}"] .diag`);

test('Alibaba form: a bad port shows its error beside the port field, and fixing it clears it', { skip }, async () => {
  const page = await open('aliyun.slb.CreateMasterSlaveServerGroup');
  await page.waitForSelector('.status[data-errors="0"]');
  const port = page.locator('[data-pointer="/MasterSlaveBackendServers/0/Port"]');
  await port.fill('70000');
  const diag = diagsFor(page, '/MasterSlaveBackendServers/0/Port');
  await diag.first().waitFor();
  assert.equal(await diag.count(), 1);
  assert.equal(await diag.first().getAttribute('data-code'), 'RealServerPortNotSupport');
  assert.match(await diag.first().innerText(), /RealServerPortNotSupport/);
  // Beside the field: the message sits inside the port input's own field box, just under it.
  const fieldBox = await page.locator('[data-field="/MasterSlaveBackendServers/0/Port"]').boundingBox();
  const inputBox = await port.boundingBox();
  const diagBox = await diag.first().boundingBox();
  assert.ok(diagBox.y >= inputBox.y + inputBox.height - 1 && diagBox.y < inputBox.y + inputBox.height + 40, 'under the input');
  assert.ok(diagBox.x >= fieldBox.x - 1 && diagBox.x < fieldBox.x + fieldBox.width, 'in the field column');
  assert.equal(await page.locator('[data-diags-for="/MasterSlaveBackendServers/1/Port"] .diag').count(), 0);
  assert.equal(await page.locator('.status').getAttribute('data-errors'), '1');
  assert.match(await page.locator('#json').innerText(), /70000/);
  assert.equal(await page.locator('#json .line.error').count(), 1);
  await page.screenshot({ path: join(OUT, 'demo-aliyun-error.png'), fullPage: true });

  await port.fill('80');
  await page.waitForSelector('.status[data-errors="0"]');
  assert.equal(await diag.count(), 0);

  // Rows: a third server is one too many; removing it fixes the group.
  await page.click('[data-add="/MasterSlaveBackendServers"]');
  await page.fill('[data-pointer="/MasterSlaveBackendServers/2/ServerId"]', 'i-bp1c');
  await page.fill('[data-pointer="/MasterSlaveBackendServers/2/Port"]', '80');
  await page.locator('[data-diags-for="/MasterSlaveBackendServers"] .diag[data-code="BACKEND_SERVERS_NUM_MUST_BE_TWO"]').waitFor();
  await page.click('[data-remove="/MasterSlaveBackendServers/2"]');
  await page.waitForSelector('.status[data-errors="0"]');

  // Context: ENI servers on a shared-performance instance are rejected.
  await page.selectOption('[data-pointer="/MasterSlaveBackendServers/0/Type"]', 'eni');
  await page.fill('[data-pointer="/MasterSlaveBackendServers/0/ServerId"]', 'eni-bp1a');
  await page.selectOption('[data-pointer="ctx:/loadbalancer/edition"]', 'shared');
  await page.waitForSelector('.status[data-errors="1"]');
  await page.selectOption('[data-pointer="ctx:/loadbalancer/edition"]', 'performance');
  await page.waitForSelector('.status[data-errors="0"]');
  await page.close();
});

test('Huawei pool form: an out-of-range health-check delay is flagged at its field, then cleared', { skip }, async () => {
  const page = await open('huaweicloud.elb.v3.CreateMasterSlavePool');
  await page.waitForSelector('.status[data-errors="0"]');
  const delay = page.locator('[data-pointer="/pool/healthmonitor/delay"]');
  await delay.fill('99');
  await diagsFor(page, '/pool/healthmonitor/delay').first().waitFor();
  assert.ok(await page.locator('[data-diags-for="/pool/healthmonitor/delay"] .diag.error').count() >= 1);
  await page.screenshot({ path: join(OUT, 'demo-huawei-error.png'), fullPage: true });
  await delay.fill('5');
  await page.waitForSelector('.status[data-errors="0"]');
  // Every tab comes from operations(), and each renders.
  const tabs = await page.locator('[role="tab"]').count();
  assert.equal(tabs, 3);
  await page.click('[data-op="huaweicloud.elb.v3.CreateMember"]');
  await page.waitForSelector('[data-pointer="/member/address"]');
  await page.close();
});

test('in the browser, a trap costs one call and the module keeps working', { skip }, async () => {
  const page = await open('aliyun.slb.CreateMasterSlaveServerGroup');
  const out = await page.evaluate(async () => {
    const m = await import('/index.js');
    let kind = null;
    try { m.__selfTestPanic(); } catch (e) { kind = e.kind; }
    const r = m.validate('aliyun.slb.CreateMasterSlaveServerGroup', '{"RegionId": "r"}');
    return { kind, restarts: m.restartCount(), codes: r.diagnostics.map((d) => d.code) };
  });
  assert.equal(out.kind, 'internal');
  assert.equal(out.restarts, 1);
  assert.deepEqual(out.codes, ['MissingParameter']);
  await page.close();
});

test('no page errors and nothing requested outside loopback', { skip }, () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
});
