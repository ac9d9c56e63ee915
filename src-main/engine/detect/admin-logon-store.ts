// The store of what new_admin_logon_source learned (tables admin_logon_accounts, admin_logon_sources):
// loaded when the detector starts, written as it learns, inside the ingest batch's transaction, so a
// resumed or second process carries on exactly where the last commit left off.
import { sql, type SqlRunner } from '../db/sql';

export interface LearnedAccount { firstSeen: number; sources: Set<string>; privileged: boolean }

export class AdminLogonStore {
  constructor(private readonly db: SqlRunner) {}

  load(): Map<string, LearnedAccount> {
    const out = new Map<string, LearnedAccount>();
    for (const r of this.db.all<{ account: string; first_seen: number; privileged: number }>(sql`SELECT account, first_seen, privileged FROM admin_logon_accounts`, 'admin_logon.accounts')) {
      out.set(r.account, { firstSeen: r.first_seen, sources: new Set(), privileged: r.privileged === 1 });
    }
    for (const r of this.db.all<{ account: string; source: string }>(sql`SELECT account, source FROM admin_logon_sources ORDER BY first_seen`, 'admin_logon.sources')) {
      out.get(r.account)?.sources.add(r.source);
    }
    return out;
  }

  saveAccount(account: string, a: LearnedAccount): void {
    this.db.run(sql`INSERT INTO admin_logon_accounts (account, first_seen, privileged) VALUES (${account}, ${a.firstSeen}, ${a.privileged ? 1 : 0})
      ON CONFLICT(account) DO UPDATE SET first_seen = excluded.first_seen, privileged = excluded.privileged`, 'admin_logon.save_account');
  }

  addSource(account: string, source: string, ts: number): void {
    this.db.run(sql`INSERT INTO admin_logon_sources (account, source, first_seen) VALUES (${account}, ${source}, ${ts}) ON CONFLICT DO NOTHING`, 'admin_logon.add_source');
  }
}
