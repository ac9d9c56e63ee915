// Address → DNS name, learned from DNS answers (answer IP → the query that produced it), so baselines and
// descriptions can say "mgmt.axis-cloud.com" instead of an IP. Bounded (oldest forgotten first), persisted.
import { sql, type SqlRunner } from '../db/sql';
import { canonicalIp } from '../inventory/ip';

const MAX_NAMES = 500_000;

export class DnsNames {
  private readonly byIp = new Map<string, string>();
  private readonly pending = new Map<string, { name: string; ts: number }>();
  private readonly stmts;

  /**
   * `preload: false` reads names from the table as they are asked for instead of loading them all: for a
   * one-off read of what the database holds now (another process may have learned names since this one loaded).
   */
  constructor(private readonly db: SqlRunner, private readonly opts: { preload?: boolean } = {}) {
    this.stmts = {
      upsert: db.statement<[string, string, number]>('dns_names.upsert', 'INSERT INTO dns_names (ip, name, last_seen) VALUES (?, ?, ?) ON CONFLICT(ip) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen'),
    };
    if (opts.preload === false) return;
    const rows = db.all<{ ip: string; name: string }>(sql`SELECT ip, name FROM dns_names ORDER BY last_seen DESC LIMIT ${MAX_NAMES}`, 'dns_names.load');
    for (let i = rows.length - 1; i >= 0; i--) this.byIp.set(rows[i].ip, rows[i].name);
  }

  /** Learns the answers of one DNS event; CNAME and text answers are ignored. */
  learn(query: string, answers: readonly string[], ts: number): void {
    const name = query.toLowerCase().replace(/\.$/, '');
    for (const raw of answers) {
      if (this.byIp.get(raw) === name) continue;
      const ip = canonicalIp(raw);
      if (!ip || this.byIp.get(ip) === name) continue;
      this.byIp.delete(ip);
      this.byIp.set(ip, name);
      if (this.byIp.size > MAX_NAMES) this.byIp.delete(this.byIp.keys().next().value as string);
      this.pending.set(ip, { name, ts });
    }
  }

  nameOf(ip: string): string | undefined {
    const known = this.byIp.get(ip);
    if (known !== undefined || this.opts.preload !== false) return known;
    const stored = this.db.value<string>(sql`SELECT name FROM dns_names WHERE ip = ${ip}`, 'dns_names.lookup');
    if (stored !== undefined) this.byIp.set(ip, stored);
    return stored;
  }

  /** "name (ip)" when the name is known, else the IP: for descriptions. */
  label(ip: string): string {
    const n = this.byIp.get(ip);
    return n ? `${n} (${ip})` : ip;
  }

  /** Writes what was learned since the last flush; call inside the batch transaction. */
  flush(): void {
    for (const [ip, { name, ts }] of this.pending) this.stmts.upsert.run(ip, name, ts);
    this.pending.clear();
  }

  get size(): number {
    return this.byIp.size;
  }
}

// Read by management-path screening (policy), one lookup at a time against what is stored now: the
// table stays this module's, so its SQL stays here.

/** The addresses a name was last seen resolving to, newest first. */
export function storedAddressesOf(q: SqlRunner, name: string, limit: number): string[] {
  return q.column<string>(sql`SELECT ip FROM dns_names WHERE name = ${name} ORDER BY last_seen DESC LIMIT ${limit}`, 'dns.addressesOf');
}

/** The name an address was last seen answering for. */
export function storedNameOf(q: SqlRunner, ip: string): string | undefined {
  return q.value<string>(sql`SELECT name FROM dns_names WHERE ip = ${ip}`, 'dns.nameOf');
}
