// Enforcement outputs: every policy decision change is queued (in the change's own transaction) for
// each configured endpoint and sent after commit as a signed webhook, with retries and a delivery log.
import type { Delivery } from '@shared/contract/operations/policy-enforcement';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { Actor } from '@shared/domain/actor';
import { invalid } from '../errors';
import { DEFAULT_DELIVERY, Deliverer, type DeliveryOptions } from './deliverer';
import { EndpointStore } from './endpoint-store';
import type { SecretBox } from './secret-box';

/** One decision change as endpoints receive it: the JSON body, and what the delivery log shows. */
export interface OutboundChange {
  change_id: string;
  action: string;
  policy_id: string | null;
  payload: Record<string, unknown>;
}

export interface EnforcementDeps {
  db: Db; clock: Clock; log: Logger; audit: AuditLog; secrets: SecretBox; delivery?: Partial<DeliveryOptions>;
  /** Retries and the poll for other processes' rows; the clock's own by default. */
  scheduler?: Scheduler;
}

interface DeliveryRow {
  id: number; endpoint_id: string; url: string; change_id: string; action: string; policy_id: string | null; status: Delivery['status'];
  attempts: number; last_status_code: number | null; last_error: string | null; next_attempt_at: number | null; created_at: number; delivered_at: number | null;
}

/** The settings key holding delivery options an operator changed (JSON, over the defaults). */
export const DELIVERY_SETTING = 'enforcement.delivery';
const LIMITS: Record<keyof DeliveryOptions, [number, number]> = {
  maxAttempts: [1, 100], baseDelayMs: [1, 3_600_000], maxDelayMs: [1, 86_400_000], timeoutMs: [100, 300_000], claimMs: [1_000, 3_600_000], batch: [1, 500],
};

/** How often a running console looks for rows queued by another process (a CLI action) or left claimed. */
export const POLL_MS = 15_000;

export class EnforcementService {
  readonly endpoints: EndpointStore;
  private readonly deliverer: Deliverer;
  private readonly insert;
  private poller: ScheduledTask | null = null;
  private readonly scheduler: Scheduler;

  constructor(private readonly deps: EnforcementDeps) {
    this.endpoints = new EndpointStore(deps.db, deps.clock, deps.audit, deps.secrets);
    this.endpoints.sealPlainSecrets();
    this.scheduler = deps.scheduler ?? schedulerOf(deps.clock);
    this.deliverer = new Deliverer(deps.db, deps.clock, deps.log, deps.audit, (id) => this.endpoints.secretOf(id), () => this.options(), this.scheduler);
    this.insert = deps.db.prepare(`INSERT INTO enforcement_deliveries (endpoint_id, url, change_id, action, policy_id, payload, status, attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`);
  }

  /** Defaults, then the engine's options, then what an operator set (values out of bounds are ignored, and logged). */
  options(): DeliveryOptions {
    const out: DeliveryOptions = { ...DEFAULT_DELIVERY, ...this.deps.delivery };
    const raw = this.deps.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DELIVERY_SETTING) as string | undefined;
    if (raw === undefined) return out;
    try {
      for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) {
        const lim = LIMITS[k as keyof DeliveryOptions];
        if (lim && typeof v === 'number' && Number.isInteger(v) && v >= lim[0] && v <= lim[1]) out[k as keyof DeliveryOptions] = v;
        else this.deps.log.warn('enforcement delivery setting ignored', { key: k, value: v });
      }
    } catch {
      this.deps.log.warn('enforcement delivery settings ignored: not JSON', { setting: DELIVERY_SETTING });
    }
    return out;
  }

  /** Changes delivery options (attempts, backoff, timeout), audited; returns the options now in force. */
  configure(patch: Partial<DeliveryOptions>, actor: Actor): DeliveryOptions {
    for (const [k, v] of Object.entries(patch)) {
      const lim = LIMITS[k as keyof DeliveryOptions];
      if (!lim) throw invalid(k, `is not a delivery option (${Object.keys(LIMITS).join(', ')})`);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < lim[0] || v > lim[1]) throw invalid(k, `must be a whole number from ${lim[0]} to ${lim[1]}, got ${String(v)}`);
    }
    const { db, audit } = this.deps;
    audit.record(actor, 'enforcement.configure', patch, () => {
      const current = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DELIVERY_SETTING) as string | undefined;
      let earlier: object = {};
      try {
        earlier = current ? (JSON.parse(current) as object) : {};
      } catch {
        // a hand-broken setting is replaced, not merged
      }
      const merged = { ...earlier, ...patch };
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(DELIVERY_SETTING, JSON.stringify(merged));
    });
    return this.options();
  }

  /** Queues a change for every enabled endpoint; call inside the change's transaction, then kick() after it. */
  enqueue(change: OutboundChange): number {
    const endpoints = this.endpoints.enabledRows();
    if (endpoints.length === 0) return 0;
    const now = this.deps.clock.now();
    const body = JSON.stringify(change.payload);
    for (const e of endpoints) this.insert.run(e.id, e.url, change.change_id, change.action, change.policy_id, body, now, now);
    return endpoints.length;
  }

  /** Starts sending what is due (after the current synchronous work: never inside the transaction). */
  kick(): void {
    this.deliverer.kick();
  }

  /** Sends what is due now and resolves when done (the CLI and tests wait on it). */
  flush(): Promise<void> {
    return this.deliverer.drain();
  }

  /** Serve mode and the desktop app: also pick up rows other processes queued. */
  start(pollMs = POLL_MS): void {
    if (this.poller) return;
    this.deliverer.kick();
    this.poller = this.scheduler.every(pollMs, () => this.deliverer.kick());
  }

  deliveries(q: { status?: Delivery['status']; endpoint_id?: string; limit: number; offset: number }): { deliveries: Delivery[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.status) { where.push('status = @status'); params.status = q.status; }
    if (q.endpoint_id) { where.push('endpoint_id = @endpoint_id'); params.endpoint_id = q.endpoint_id; }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.deps.db.prepare(`SELECT COUNT(*) FROM enforcement_deliveries ${filter}`).pluck().get(params) as number;
    const rows = this.deps.db.prepare(`SELECT id, endpoint_id, url, change_id, action, policy_id, status, attempts, last_status_code, last_error, next_attempt_at, created_at, delivered_at
      FROM enforcement_deliveries ${filter} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all(params) as DeliveryRow[];
    return {
      total,
      deliveries: rows.map((r) => ({
        delivery_id: r.id, endpoint_id: r.endpoint_id, url: r.url, change_id: r.change_id, action: r.action, policy_id: r.policy_id, status: r.status,
        attempts: r.attempts, last_status_code: r.last_status_code, last_error: r.last_error, next_attempt_at: isoOrNull(r.next_attempt_at),
        created_at: isoOrNull(r.created_at)!, delivered_at: isoOrNull(r.delivered_at),
      })),
    };
  }

  close(): void {
    this.poller?.cancel();
    this.poller = null;
    this.deliverer.close();
  }
}
