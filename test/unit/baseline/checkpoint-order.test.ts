// Whole baselines rows rewritten by a batch (checkpoints) are neighbours in the table, whatever order the
// batch met its entities in, so a commit rewrites a few pages instead of one page per row; and every
// entity's row is still rewritten within a sweep of the table (its journal lines wait a bounded time); an
// hour closing alone rewrites no row, and the columns it moves are exact when an ingest ends.
import { describe, expect, it } from 'vitest';
import { HOUR, T0, flow, harness, type Ev, type Harness } from '../detect/harness';

const DEVICES = 100;
const id = (i: number) => `dev_${String(i).padStart(3, '0')}`;
/** Rows by table position, with the write that last rewrote each whole. */
const rows = (h: Harness) => h.db.prepare('SELECT rowid, entity_id, journal_seq FROM baselines ORDER BY rowid').all() as { rowid: number; entity_id: string; journal_seq: number }[];

/** A batch of `per` flows from every device, the devices met in a scrambled order (not the table's). */
function batch(n: number, per: number): Ev[] {
  const evs: Ev[] = [];
  for (let k = 0; k < per; k++) {
    for (let j = 0; j < DEVICES; j++) {
      const i = (j * 37 + n * 11) % DEVICES;
      evs.push(flow(id(i), T0 + n * HOUR + k * 60_000 + j, `198.51.100.${1 + (k % 5)}`, 443));
    }
  }
  return evs;
}

describe('baseline checkpoints', () => {
  it('a batch rewrites neighbouring rows, going on through the table from where the last batch stopped', () => {
    const h = harness();
    h.feed(Array.from({ length: DEVICES }, (_, i) => flow(id(i), T0 + i, '198.51.100.1', 443)));
    const first = rows(h);
    expect(first.map((r) => r.entity_id)).toEqual(Array.from({ length: DEVICES }, (_, i) => id(i)));
    const firstSeq = first[0].journal_seq;

    const positions: number[][] = [];
    for (let n = 1; n <= 32; n++) {
      h.feed(batch(n, 40), 4000);
      const now = rows(h);
      const latest = Math.max(...now.map((r) => r.journal_seq));
      positions.push(now.flatMap((r, at) => (r.journal_seq === latest ? [at] : [])));
    }
    // 4,000 events a batch over 100 waiting entities: a share of 4 a batch (100 × 4,000 / 128,000, rounded up).
    for (const [n, at] of positions.slice(0, 20).entries()) expect(at).toEqual([0, 1, 2, 3].map((k) => 4 * n + k));
    // Within 128,000 events, every entity's row was rewritten.
    expect(rows(h).filter((r) => r.journal_seq === firstSeq)).toEqual([]);
  });

  it('an ingest\'s end rewrites every waiting row, and a reload reads the same state', () => {
    const h = harness();
    h.feed(Array.from({ length: DEVICES }, (_, i) => flow(id(i), T0 + i, '198.51.100.1', 443)));
    h.feed(batch(1, 10));
    const before = h.pipeline.behavioralBaseline(id(42));
    h.pipeline.settle();
    const seqs = new Set(rows(h).map((r) => r.journal_seq));
    expect(seqs.size).toBe(2); // the 4 of the batch's share, then the other 96 at the end
    expect(h.db.prepare('SELECT COUNT(*) FROM derived_journal').pluck().get()).toBe(0);
    h.reopen();
    expect(h.pipeline.behavioralBaseline(id(42))).toEqual(before);
  });
});

describe('reader-visible baseline columns', () => {
  it('an hour closing rewrites no row; the hours observed are exact when the ingest ends', () => {
    const h = harness();
    h.feed(Array.from({ length: DEVICES }, (_, i) => flow(id(i), T0 + i, '198.51.100.1', 443)));
    const row = () => h.db.prepare('SELECT hours_observed, avg_connections_per_hour FROM baselines WHERE entity_id = ?').get(id(DEVICES - 1));
    const before = row();
    expect(before).toEqual({ hours_observed: 1, avg_connections_per_hour: 0 }); // the open hour counts
    // Every device's first hour closes; the batch's one checkpoint (its share) goes to the first row, not this one.
    h.feed(Array.from({ length: DEVICES }, (_, i) => flow(id(i), T0 + HOUR + i, '198.51.100.1', 443)));
    expect(row()).toEqual(before);
    h.pipeline.settle();
    expect(row()).toEqual({ hours_observed: 2, avg_connections_per_hour: 1 });
  });
});
