// The browser extension for real: Debian's Chromium (new headless mode) with extension/ loaded unpacked,
// chatgpt.com mapped to a local test page by the host resolver rules (these machines have no internet),
// `threatmatic serve` as the server. A visit made while the server URL points nowhere is queued and sent
// once the options name the server and org key; a card number pasted into the page arrives as the
// category payment_card ×1 only (the digits are in no file of the data dir) and the Shadow AI score falls;
// GET /extension serves the
// setup page and the package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { builtCli, callOp, CHROMIUM, repoRoot, serveConsole, type Served } from './console-helpers';

const EXT = join(repoRoot, 'extension');
const CARD = '4111 1111 1111 1111';
let dataDir: string;
let profile: string;
let served: Served;
let site: Server;
let sitePort: number;
let context: BrowserContext;
let extensionId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-extension-'));
  profile = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-profile-'));
  served = await serveConsole(dataDir, ['--no-demo']);
  site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>ChatGPT (test page)</title><textarea id="prompt"></textarea>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  sitePort = (site.address() as { port: number }).port;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--host-resolver-rules=MAP chatgpt.com 127.0.0.1'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((r) => site?.close(r));
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

async function setOptions(serverUrl: string, orgKey: string) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.fill('#serverUrl', serverUrl);
  await options.fill('#orgKey', orgKey);
  await options.fill('#user', 'alice@example.com');
  await options.click('#save');
  return options;
}

describe('Shadow AI browser extension in Chromium', () => {
  it('queues a visit while the server is unreachable, then reports it and a pasted card as the category only', async () => {
    const key = spawnSync(process.execPath, [builtCli(), 'shadow-ai', 'org-key', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(key.status, key.stderr).toBe(0);
    const orgKey = (JSON.parse(key.stdout) as { org_key: string }).org_key;

    // Nowhere to send yet: the visit waits in the queue.
    const options = await setOptions('http://127.0.0.1:9', orgKey);
    const page = await context.newPage();
    await page.goto(`http://chatgpt.com:${sitePort}/`);
    await options.reload();
    await expect.poll(() => options.textContent('#status'), { timeout: 10_000 }).toMatch(/^1 events queued\. Last send failed/);

    // The server named: the queue is sent.
    await setOptions(`http://127.0.0.1:${served.port}`, orgKey);
    type Detail = { service: { sources: string[]; pii: Record<string, number>; risk: string; risk_reason: string }; sightings: { source: string; user_id: string | null; count: number }[] };
    const openai = () => callOp<Detail>(served, 'shadowai.get', { service_id: 'openai' }).catch(() => null);
    await expect.poll(async () => (await openai())?.sightings.find((s) => s.source === 'extension')?.count, { timeout: 15_000 }).toBe(1);
    expect((await openai())?.sightings.find((s) => s.source === 'extension')?.user_id).toBe('alice@example.com');

    const score = async () => (await callOp<{ dimensions: { dimension: string; score: number | null }[] }>(served, 'ai.posture', {})).dimensions.find((d) => d.dimension === 'shadow')?.score ?? null;
    const before = await score();
    expect(before).not.toBeNull();

    // A card number pasted into the prompt: the category and its count arrive, never the digits.
    await page.focus('#prompt');
    // (A script string: the test is typechecked without the DOM library.)
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', ${JSON.stringify(`please check ${CARD} exp 12/29`)});
      document.querySelector('#prompt').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(async () => (await openai())?.service.pii, { timeout: 15_000 }).toEqual({ payment_card: 1 });
    const detail = await openai();
    expect(detail?.service.risk).toBe('HIGH');
    expect(detail?.service.risk_reason).toBe('PII detected in uploads: payment_card ×1');
    expect(await score()).toBeLessThan(before as number);
    for (const f of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, f)).toString('latin1');
      expect(bytes.includes('4111111111111111') || bytes.includes(CARD), f).toBe(false);
    }

    // A wrong org key is refused.
    const refused = await fetch(`http://127.0.0.1:${served.port}/api/v1/shadow-ai/extension/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Org-Key': 'tmo_wrong' }, body: '{"browser_id":"x","events":[]}' });
    expect(refused.status).toBe(401);
  }, 90_000);

  it('GET /extension serves the setup page and the package', async () => {
    const html = await (await fetch(`http://127.0.0.1:${served.port}/extension`)).text();
    expect(html).toContain('Load unpacked');
    expect(html).toContain(`http://127.0.0.1:${served.port}`);
    const zip = await fetch(`http://127.0.0.1:${served.port}/extension/threatmatic-extension.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const body = Buffer.from(await zip.arrayBuffer());
    expect(body.subarray(0, 2).toString()).toBe('PK');
    expect(body.includes(Buffer.from('threatmatic-extension/manifest.json'))).toBe(true);
  });
});
