// The Events screen end to end: `threatmatic serve` on a data dir holding a real capture (Stratosphere
// Slips test6, Suricata EVE, ingested by the CLI), driven in Chromium. A search for a known destination
// finds its events with a histogram, and the REST door answers the same search. The search run (text, kind,
// time range) is in the address: a reload runs it again, and back and forward step through the searches.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, openConsole, repoRoot, resultsDir, seriousAxeViolations, type Served, tearDown } from './console-helpers';

const SURICATA = join(repoRoot, '../shared/data/security-logs/stratosphere-slips/test6-malicious.suricata.json');
let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-events-'));
  const r = spawnSync(process.execPath, [builtCli(), 'ingest', SURICATA, '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
}, 180_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('Events console (threatmatic serve)', () => {
  it('finds the events of a known destination, with a histogram of the matches', async () => {
    const known = (await callOp<{ events: { id: number; dst_ip: string | null }[] }>(served, 'events.search', { kind: 'flow', limit: 1 })).events[0];
    expect(known.dst_ip).toBeTruthy();
    const expected = await callOp<{ total: number }>(served, 'events.search', { q: known.dst_ip });
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByLabel('Text').fill(known.dst_ip!);
    await page.getByRole('button', { name: 'Search' }).click();
    const heading = page.getByRole('heading', { name: new RegExp(`^${expected.total} matching events`) });
    await expect.poll(() => heading.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('img', { name: new RegExp(`^${expected.total} matching events over time`) }).isVisible()).toBe(true);
    const rows = page.getByRole('row').filter({ hasText: known.dst_ip! });
    expect(await rows.count()).toBeGreaterThan(0);

    const created = spawnSync(process.execPath, [builtCli(), 'keys', 'create', '--name', 'events-reader', '--scopes', 'read', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const rest = await fetch(`http://127.0.0.1:${served.port}/api/v1/events?q=${encodeURIComponent(known.dst_ip!)}`, { headers: { 'X-Org-Key': (JSON.parse(created.stdout) as { key: string }).key } });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { total: number }).total).toBe(expected.total);
    await page.screenshot({ path: join(resultsDir, 'events-search.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('keeps the search in the address: a reload restores it, back and forward step through searches', async () => {
    const known = (await callOp<{ events: { ts: string; dst_ip: string | null }[] }>(served, 'events.search', { kind: 'flow', limit: 1 })).events[0];
    // A range around the known event, typed as datetime-local values in the browser's time zone.
    const local = (ms: number) => page.evaluate<string>(`(() => { const d = new Date(${ms}); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); })()`);
    const from = Math.floor((Date.parse(known.ts) - 3_600_000) / 60_000) * 60_000;
    const to = Math.ceil((Date.parse(known.ts) + 3_600_000) / 60_000) * 60_000;
    const expected = await callOp<{ total: number }>(served, 'events.search', { q: known.dst_ip, kind: 'flow', since: new Date(from).toISOString(), until: new Date(to).toISOString() });
    expect(expected.total).toBeGreaterThan(0);
    const form = page.getByRole('form', { name: 'Search events' });
    // The kind select's accessible name runs on into its options' text, so it is found by role.
    const field = (name: string) => (name === 'Kind' ? form.getByRole('combobox') : form.getByLabel(new RegExp(`^${name}\\b`)));
    const heading = (total: number) => page.getByRole('heading', { name: new RegExp(`^${total} matching events`) });

    await field('Text').fill(known.dst_ip!);
    await field('Kind').selectOption('flow');
    await field('From').fill(await local(from));
    await field('To').fill(await local(to));
    await form.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => heading(expected.total).isVisible(), { timeout: 15_000 }).toBe(true);
    const hash = await page.evaluate<string>('location.hash');
    const query = new URLSearchParams(hash.split('?')[1]);
    expect(hash.startsWith('#/events?')).toBe(true);
    expect([query.get('q'), query.get('kind'), query.get('since'), query.get('until')]).toEqual([known.dst_ip, 'flow', new Date(from).toISOString(), new Date(to).toISOString()]);

    await page.reload();
    await expect.poll(() => heading(expected.total).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await field('Text').inputValue()).toBe(known.dst_ip);
    expect(await field('Kind').inputValue()).toBe('flow');
    expect(await field('From').inputValue()).toBe(await local(from));
    expect(await field('To').inputValue()).toBe(await local(to));
    expect(await seriousAxeViolations(page, 'events search restored from the address')).toEqual([]);

    // A second search (a DNS kind, no text) is a step of its own: back returns to the first, forward to it again.
    const dns = await callOp<{ total: number }>(served, 'events.search', { kind: 'dns', since: new Date(from).toISOString(), until: new Date(to).toISOString() });
    await field('Text').fill('');
    await field('Kind').selectOption('dns');
    await form.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash'), { timeout: 10_000 }).toMatch(/kind=dns/);
    await expect.poll(() => heading(dns.total).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.goBack();
    await expect.poll(() => field('Text').inputValue(), { timeout: 10_000 }).toBe(known.dst_ip);
    expect(await field('Kind').inputValue()).toBe('flow');
    await expect.poll(() => heading(expected.total).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.goForward();
    await expect.poll(() => field('Kind').inputValue(), { timeout: 10_000 }).toBe('dns');
    expect(await field('Text').inputValue()).toBe('');
    await expect.poll(() => heading(dns.total).isVisible(), { timeout: 15_000 }).toBe(true);

    // Another screen and back through the navigation keeps the search.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: 'Events' }).click();
    expect(await field('Kind').inputValue()).toBe('dns');
    expect(pageErrors).toEqual([]);
  });
});
