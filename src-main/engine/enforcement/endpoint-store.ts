// Enforcement endpoints: where decision changes are sent. Add and remove are audited (the secret never
// enters the audit log); removing one fails its undelivered rows but keeps the log. Secrets are stored
// sealed (secret-box.ts); plain-text ones from before are sealed when the store opens.
import type { z } from 'zod';
import type { endpointSchema } from '@shared/contract/operations/policy-enforcement';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { invalid, notFound, UserError } from '../errors';
import { prefixedId } from '../util/ulid';
import type { DeliveryStore } from './delivery-store';
import { SecretBox } from './secret-box';

export type Endpoint = z.output<typeof endpointSchema>;
/** `secret` as stored: sealed (secret-box.ts); secretOf opens it. */
export interface EndpointRow { id: string; url: string; secret: string; secret_hint: string; enabled: number; created_at: number }

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('url', `'${raw}' is not a URL (e.g. https://firewall.example.com/threatmatic)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', `'${raw}' must be http:// or https://`);
  if (url.username || url.password) throw invalid('url', 'must not carry credentials; the secret signs every request');
  url.hash = '';
  return url.href;
}

const view = (r: EndpointRow): Endpoint => ({ endpoint_id: r.id, url: r.url, enabled: r.enabled === 1, secret_hint: r.secret_hint, created_at: isoOrNull(r.created_at)! });
/** What a sealed secret is bound to: its endpoint row. */
const boundTo = (id: string) => `enforcement_endpoints:${id}`;
const SYSTEM: Actor = { type: 'system', id: 'enforcement' };

/** The one owner of the enforcement_endpoints table. */
export class EndpointStore {
  constructor(
    private readonly q: SqlRunner,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly box: SecretBox,
    /** Removing an endpoint fails its undelivered rows in the same transaction. */
    private readonly deliveries: DeliveryStore,
  ) {}

  private row(id: string): EndpointRow | undefined {
    return this.q.get<EndpointRow>(sql`SELECT * FROM enforcement_endpoints WHERE id = ${id}`, 'enforcement.endpoint');
  }

  private all(): EndpointRow[] {
    return this.q.all<EndpointRow>(sql`SELECT * FROM enforcement_endpoints ORDER BY created_at, id`, 'enforcement.endpoints');
  }

  add(actor: Actor, rawUrl: string, secret: string): Endpoint {
    const url = checkUrl(rawUrl);
    if (secret.trim().length < 16) throw invalid('secret', 'must be at least 16 characters');
    const row = this.audit.record(actor, 'enforcement.addEndpoint', { url, secret: '(redacted)' }, () => {
      const taken = this.q.value<string>(sql`SELECT id FROM enforcement_endpoints WHERE url = ${url}`, 'enforcement.endpointByUrl');
      if (taken) throw new UserError('conflict', `url: ${url} is already endpoint ${taken}`, 'url');
      const id = prefixedId('enf', this.clock.now());
      this.q.run(sql`INSERT INTO enforcement_endpoints (id, url, secret, secret_hint, enabled, created_at)
        VALUES (${id}, ${url}, ${this.box.seal(secret, boundTo(id))}, ${`…${secret.slice(-4)}`}, 1, ${this.clock.now()})`, 'enforcement.addEndpoint');
      return this.row(id)!;
    }, (r) => ({ endpoint_id: r.id }));
    return view(row);
  }

  /** Whether an endpoint has this id (the webhook names the endpoint whose secret signed it). */
  exists(id: string): boolean {
    return this.row(id) !== undefined;
  }

  list(): Endpoint[] {
    return this.all().map(view);
  }

  enabledRows(): EndpointRow[] {
    return this.q.all<EndpointRow>(sql`SELECT * FROM enforcement_endpoints WHERE enabled = 1 ORDER BY id`, 'enforcement.enabledEndpoints');
  }

  /** The endpoint's signing secret, opened; undefined when the endpoint is gone. Throws SecretUnreadable without its key. */
  secretOf(id: string): string | undefined {
    const row = this.row(id);
    return row && this.box.open(row.secret, boundTo(row.id));
  }

  /**
   * Seals the secrets a database from before stored in plain text (once, audited as a system step), with
   * SQLite's secure_delete on so the old bytes are overwritten, then checkpoints the WAL into the file.
   */
  sealPlainSecrets(): number {
    const plainRows = () => this.all().filter((r) => !SecretBox.isSealed(r.secret));
    if (plainRows().length === 0) return 0;
    const previous = this.q.value<number>(sql`PRAGMA secure_delete`)!;
    this.q.exec('PRAGMA secure_delete = ON');
    let sealed = 0;
    try {
      this.q.db.transaction(() => {
        // Read again under the write lock: another process opening the same database may have sealed them first.
        const plain = plainRows();
        for (const r of plain) this.q.run(sql`UPDATE enforcement_endpoints SET secret = ${this.box.seal(r.secret, boundTo(r.id))} WHERE id = ${r.id}`, 'enforcement.sealSecret');
        if (plain.length) this.audit.append({ actor: SYSTEM, action: 'enforcement.sealSecrets', params: { endpoints: plain.map((r) => r.id) }, outcome: 'ok', detail: { sealed: plain.length } });
        sealed = plain.length;
      }).immediate();
    } finally {
      this.q.exec(`PRAGMA secure_delete = ${previous === 2 ? 'FAST' : previous}`);
    }
    // Best effort: a reader in another process can hold the checkpoint back; the next one completes it.
    this.q.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return sealed;
  }

  remove(actor: Actor, id: string): { endpoint_id: string; url: string; cancelled_deliveries: number } {
    const row = this.row(id);
    if (!row) throw notFound('endpoint', id);
    return this.audit.record(actor, 'enforcement.removeEndpoint', { endpoint_id: id }, () => {
      const cancelled = this.deliveries.cancelFor(id);
      this.q.run(sql`DELETE FROM enforcement_endpoints WHERE id = ${id}`, 'enforcement.removeEndpoint');
      return { endpoint_id: id, url: row.url, cancelled_deliveries: cancelled };
    }, (r) => r);
  }
}
