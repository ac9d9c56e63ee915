// events.search on a real capture (Stratosphere Slips test6, Suricata EVE): the search finds the events it
// names and only those, narrows by time range, counts every match in the histogram, pages, and refuses a
// bad timestamp naming the field. Through dispatch, as every door calls it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpOutput } from '@shared/contract/index';
import { dispatch } from '../../src-main/engine/dispatch';
import type { Engine } from '../../src-main/engine/engine';
import { actor, openEngine, securityLogs } from '../unit/ingest/helpers';

const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');
let engine: Engine;
const search = (input: Record<string, unknown>) => dispatch(engine, 'events.search', input, { actor: { type: 'analyst', id: 'tester' } }) as OpOutput<'events.search'>;

beforeAll(async () => {
  engine = openEngine();
  await engine.ingest.ingestFile(SURICATA, { actor });
}, 120_000);
afterAll(() => engine.close());

describe('events.search', () => {
  it('searches the 24 hours up to the newest event by default, newest first, with every match in the histogram', () => {
    const all = search({ limit: 1000 });
    expect(all.total).toBeGreaterThan(0);
    expect(all.histogram).toHaveLength(48);
    expect(all.histogram.reduce((n, b) => n + b.count, 0)).toBe(all.total);
    const times = all.events.map((e) => e.ts);
    expect([...times].sort().reverse()).toEqual(times);
    expect(Date.parse(all.until!) - Date.parse(all.since!)).toBe(86_400_000);
  });

  it('finds the events of one destination by free text, and only those', () => {
    const [known] = search({ kind: 'flow', limit: 1 }).events;
    expect(known.dst_ip).not.toBeNull();
    const found = search({ q: known.dst_ip!, limit: 1000 });
    expect(found.events.map((e) => e.id)).toContain(known.id);
    for (const e of found.events) expect([e.src_ip, e.dst_ip, e.domain, e.entity_id, e.user_id, e.hash, e.detail].some((v) => v?.toLowerCase().includes(known.dst_ip!.toLowerCase()))).toBe(true);
    const exact = search({ dst_ip: known.dst_ip!, kind: 'flow', limit: 1000 });
    expect(exact.events.every((e) => e.dst_ip === known.dst_ip && e.kind === 'flow')).toBe(true);
    expect(search({ q: 'no-such-host.invalid' }).total).toBe(0);
  });

  it('narrows by time range and pages', () => {
    const all = search({ limit: 1000 });
    const newest = all.events[0];
    const only = search({ since: newest.ts, limit: 1000 });
    expect(only.total).toBeLessThan(all.total);
    expect(only.events.every((e) => e.ts >= newest.ts)).toBe(true);
    const page2 = search({ limit: 2, offset: 2 });
    expect(page2.events.map((e) => e.id)).toEqual(all.events.slice(2, 4).map((e) => e.id));
  });

  it('refuses a bad timestamp, naming the field', () => {
    expect(() => search({ since: 'yesterday' })).toThrow(/since/);
  });
  it('finds events by id (an anomaly\'s evidence), over the range they span however old', () => {
    const all = search({ limit: 1000 });
    const picked = [all.events[0], all.events[all.events.length - 1]];
    const found = search({ ids: picked.map((e) => e.id), limit: 10 });
    expect(found.events.map((e) => e.id).sort()).toEqual(picked.map((e) => e.id).sort());
    expect(found.total).toBe(2);
    expect(found.since).toBe(picked[1].ts);
    expect(search({ ids: [999_999_999] }).total).toBe(0);
  });
});
