// Address → DNS name, learned from DNS answers (answer IP → the query that produced it), so baselines and
// descriptions can say "mgmt.axis-cloud.com" instead of an IP. Bounded (oldest forgotten first), persisted.
//
// Persisted in two tables: pairs a batch learns are appended to dns_learned in its transaction, and once
// MERGE_ROWS wait there they are merged into dns_names (keyed by address) in address order. Written
// straight into dns_names, each new pair cost a page of the commit once the table outgrew a batch's pairs
// (~105 of ~470 pages per 1,000-event batch on the bench's workload); appended, a batch's pairs fill a few
// pages, and a merge writes each page of dns_names once for thousands of pairs. What a reader means by
// "the names" is both: a pair in dns_learned is newer than the row of its address in dns_names, and the
// newest line of an address in dns_learned wins. An ingest's end merges what waits (settle), so after it
// dns_names alone says everything, as it did before the journal.
import { sql, type SqlRunner } from '../db/sql';
import { canonicalIp } from '../inventory/ip';

const MAX_NAMES = 500_000;
/**
 * Pairs dns_learned holds before they are merged. Readers that ask the database one address at a time
 * (policy screening, another process's baseline view) scan it: ~4,000 short rows, well under a millisecond.
 */
const MERGE_ROWS = 4096;

/** The newest line of each address in dns_learned (the pairs not yet merged). */
const LEARNED_NEWEST = sql.raw('SELECT ip, name, last_seen FROM dns_learned WHERE rowid IN (SELECT MAX(rowid) FROM dns_learned GROUP BY ip)');

export class DnsNames {
  private readonly byIp = new Map<string, string>();
  private readonly pending = new Map<string, { name: string; ts: number }>();
  /** Rows dns_learned holds (as of this process's last load or write: a reload follows any other process's write). */
  private learnedRows = 0;
  private readonly stmts;

  /**
   * `preload: false` reads names from the tables as they are asked for instead of loading them all: for a
   * one-off read of what the database holds now (another process may have learned names since this one loaded).
   */
  constructor(private readonly db: SqlRunner, private readonly opts: { preload?: boolean } = {}) {
    this.stmts = {
      append: db.statement<[string, string, number]>('dns_learned.append', 'INSERT INTO dns_learned (ip, name, last_seen) VALUES (?, ?, ?)'),
    };
    if (opts.preload === false) return;
    const rows = db.all<{ ip: string; name: string }>(sql`SELECT ip, name FROM dns_names ORDER BY last_seen DESC LIMIT ${MAX_NAMES}`, 'dns_names.load');
    for (let i = rows.length - 1; i >= 0; i--) this.byIp.set(rows[i].ip, rows[i].name);
    // Then the pairs not merged yet, in the order they were learned: each is newer than what dns_names holds.
    const learned = db.all<{ ip: string; name: string }>(sql`SELECT ip, name FROM dns_learned ORDER BY rowid`, 'dns_learned.load');
    for (const r of learned) this.remember(r.ip, r.name);
    this.learnedRows = learned.length;
  }

  /** Learns the answers of one DNS event; CNAME and text answers are ignored. */
  learn(query: string, answers: readonly string[], ts: number): void {
    const name = query.toLowerCase().replace(/\.$/, '');
    for (const raw of answers) {
      if (this.byIp.get(raw) === name) continue;
      const ip = canonicalIp(raw);
      if (!ip || this.byIp.get(ip) === name) continue;
      this.remember(ip, name);
      this.pending.set(ip, { name, ts });
    }
  }

  private remember(ip: string, name: string): void {
    this.byIp.delete(ip);
    this.byIp.set(ip, name);
    if (this.byIp.size > MAX_NAMES) this.byIp.delete(this.byIp.keys().next().value as string);
  }

  nameOf(ip: string): string | undefined {
    const known = this.byIp.get(ip);
    if (known !== undefined || this.opts.preload !== false) return known;
    const stored = storedNameOf(this.db, ip);
    if (stored !== undefined) this.byIp.set(ip, stored);
    return stored;
  }

  /** "name (ip)" when the name is known, else the IP: for descriptions. */
  label(ip: string): string {
    const n = this.byIp.get(ip);
    return n ? `${n} (${ip})` : ip;
  }

  /** Appends what was learned since the last flush, merging when MERGE_ROWS wait; call inside the batch transaction. */
  flush(): void {
    for (const [ip, { name, ts }] of this.pending) this.stmts.append.run(ip, name, ts);
    this.learnedRows += this.pending.size;
    this.pending.clear();
    if (this.learnedRows >= MERGE_ROWS) this.merge();
  }

  /**
   * Moves every pair waiting in dns_learned into dns_names, in address order so each page is written once;
   * inside the caller's write transaction. The ingest's end calls it (settle), so a finished ingest leaves none waiting.
   */
  merge(): void {
    if (this.learnedRows === 0) return;
    this.db.run(sql`INSERT INTO dns_names (ip, name, last_seen) SELECT ip, name, last_seen FROM (${LEARNED_NEWEST}) ORDER BY ip
      ON CONFLICT(ip) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen`, 'dns_names.merge');
    this.db.run(sql`DELETE FROM dns_learned`, 'dns_learned.clear');
    this.learnedRows = 0;
  }

  get size(): number {
    return this.byIp.size;
  }
}

// Read by management-path screening (policy), one lookup at a time against what is stored now: the
// tables stay this module's, so their SQL stays here.

/** The addresses a name was last seen resolving to, newest first. */
export function storedAddressesOf(q: SqlRunner, name: string, limit: number): string[] {
  return q.column<string>(sql`SELECT ip FROM (SELECT ip, name, last_seen FROM (${LEARNED_NEWEST})
      UNION ALL SELECT ip, name, last_seen FROM dns_names WHERE ip NOT IN (SELECT ip FROM dns_learned))
    WHERE name = ${name} ORDER BY last_seen DESC LIMIT ${limit}`, 'dns.addressesOf');
}

/** The name an address was last seen answering for. */
export function storedNameOf(q: SqlRunner, ip: string): string | undefined {
  return q.value<string>(sql`SELECT COALESCE((SELECT name FROM dns_learned WHERE ip = ${ip} ORDER BY rowid DESC LIMIT 1),
    (SELECT name FROM dns_names WHERE ip = ${ip}))`, 'dns.nameOf') ?? undefined;
}
