// The MCP scan store: owns mcp_pins (the approved listing of each server) and mcp_scans (every scan's
// result). Approving pins the last scanned listing and is audited; scans are recorded as they come.
import type { McpServerResult } from '@shared/contract/operations/mcp-scan-schemas';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { UserError, notFound } from '../errors';
import type { PinnedListing } from './pinning';

export interface McpScanStoreDeps { sql: SqlRunner; clock: Clock; audit: AuditLog }

export interface Pin { server_key: string; identity: string; fingerprint: string; listing: PinnedListing; approved_at: number }

interface PinRow { server_key: string; identity: string; fingerprint: string; listing: string; approved_at: number; approved_by: string }
interface ScanRow { seq: number; server_key: string; name: string; scanned_at: number; status: string; fingerprint: string | null; listing: string | null; result: string }

export class McpScanStore {
  constructor(private readonly deps: McpScanStoreDeps) {}

  pin(serverKey: string): Pin | null {
    const r = this.deps.sql.get<PinRow>(sql`SELECT * FROM mcp_pins WHERE server_key = ${serverKey}`);
    return r ? { ...r, listing: JSON.parse(r.listing) as PinnedListing } : null;
  }

  recordScan(result: McpServerResult, listing: PinnedListing | null, at: number): void {
    this.deps.sql.run(sql`INSERT INTO mcp_scans (server_key, name, scanned_at, status, fingerprint, listing, result)
      VALUES (${result.server_key}, ${result.name}, ${at}, ${result.status}, ${result.fingerprint}, ${listing ? JSON.stringify(listing) : null}, ${JSON.stringify(result)})`);
  }

  /** Share of the scans since approval that matched the pin (1 when nothing is pinned yet). */
  stability(serverKey: string, pin: Pin | null, current: string | null): number {
    if (!pin) return 1;
    const r = this.deps.sql.get<{ n: number; same: number }>(sql`SELECT COUNT(*) AS n, COALESCE(SUM(fingerprint = ${pin.fingerprint}), 0) AS same
      FROM mcp_scans WHERE server_key = ${serverKey} AND status = 'ok' AND scanned_at >= ${pin.approved_at}`);
    const n = (r?.n ?? 0) + (current ? 1 : 0);
    const same = (r?.same ?? 0) + (current === pin.fingerprint ? 1 : 0);
    return n === 0 ? 1 : Math.round((same / n) * 100) / 100;
  }

  /** The latest result of every server scanned, newest first. */
  latest(): McpServerResult[] {
    const rows = this.deps.sql.all<ScanRow>(sql`SELECT s.* FROM mcp_scans s
      JOIN (SELECT server_key, MAX(seq) AS seq FROM mcp_scans GROUP BY server_key) m ON m.seq = s.seq ORDER BY s.scanned_at DESC, s.seq DESC`);
    return rows.map((r) => this.withCurrentPin(JSON.parse(r.result) as McpServerResult));
  }

  /** A recorded result as the pins stand now: approving what a scan saw makes it 'match' without a rescan. */
  private withCurrentPin(r: McpServerResult): McpServerResult {
    const pin = this.pin(r.server_key);
    if (!pin || !r.fingerprint || pin.fingerprint !== r.fingerprint || r.pin.status === 'match') return r;
    return { ...r, pin: { status: 'match', fingerprint: pin.fingerprint, approved_at: isoOrNull(pin.approved_at) }, diff: null, findings: r.findings.filter((f) => f.family !== 'rug_pull') };
  }

  /** Finds a server by its key, identity, name or asset id (the SERVER a user types). */
  resolve(server: string): ScanRow {
    const rows = this.deps.sql.all<ScanRow>(sql`SELECT s.* FROM mcp_scans s
      JOIN (SELECT server_key, MAX(seq) AS seq FROM mcp_scans GROUP BY server_key) m ON m.seq = s.seq`);
    const hits = rows.filter((r) => {
      const res = JSON.parse(r.result) as McpServerResult;
      return r.server_key === server || res.identity === server || r.name === server || res.asset_id === server;
    });
    if (hits.length === 0) throw notFound('server', server);
    if (hits.length > 1) throw new UserError('invalid_input', `server: '${server}' names ${hits.length} servers; use the server_key (${hits.map((h) => h.server_key).join(', ')})`, 'server');
    return hits[0];
  }

  latestResult(server: string): McpServerResult {
    return this.withCurrentPin(JSON.parse(this.resolve(server).result) as McpServerResult);
  }

  /** Pins the listing the last scan saw. Audited; refused when the last scan could not list the server. */
  approve(server: string, actor: Actor): { server_key: string; fingerprint: string; approved_at: string; previous_fingerprint: string | null } {
    const row = this.resolve(server);
    if (row.status !== 'ok' || !row.listing || !row.fingerprint) {
      throw new UserError('invalid_input', `server: the last scan of '${server}' could not list its tools; scan it again before approving`, 'server');
    }
    const res = JSON.parse(row.result) as McpServerResult;
    const now = this.deps.clock.now();
    return this.deps.audit.record(actor, 'mcpscan.approve', { server: row.server_key, fingerprint: row.fingerprint }, () => {
      const previous = this.pin(row.server_key)?.fingerprint ?? null;
      this.deps.sql.run(sql`INSERT INTO mcp_pins (server_key, identity, fingerprint, listing, approved_at, approved_by)
        VALUES (${row.server_key}, ${res.identity}, ${row.fingerprint}, ${row.listing}, ${now}, ${JSON.stringify(actor)})
        ON CONFLICT (server_key) DO UPDATE SET identity = excluded.identity, fingerprint = excluded.fingerprint, listing = excluded.listing,
          approved_at = excluded.approved_at, approved_by = excluded.approved_by`);
      return { server_key: row.server_key, fingerprint: row.fingerprint as string, approved_at: isoOrNull(now) as string, previous_fingerprint: previous };
    });
  }
}
