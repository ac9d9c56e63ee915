// Enforcement outputs: every policy decision change is queued (in the change's own transaction) for
// each configured endpoint and sent after commit as a signed webhook, with retries and a delivery log.
import type { Delivery } from '@shared/contract/operations/policy-enforcement';
import type { AuditLog } from '../audit/audit-log';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import type { SqlRunner } from '../db/sql';
import { readSetting, writeSetting } from '../settings/settings-store';
import type { Logger } from '../log';
import type { Actor } from '@shared/domain/actor';
import { invalid } from '../errors';
import { DEFAULT_DELIVERY, Deliverer, type DeliveryOptions } from './deliverer';
import { DeliveryStore } from './delivery-store';
import { EndpointStore } from './endpoint-store';
import type { SecretBox } from './secret-box';
import { WebhookReplayStore } from './webhook-replay-store';

/** One decision change as endpoints receive it: the JSON body, and what the delivery log shows. */
export interface OutboundChange {
  change_id: string;
  action: string;
  policy_id: string | null;
  payload: Record<string, unknown>;
}

export interface EnforcementDeps {
  sql: SqlRunner; clock: Clock; log: Logger; audit: AuditLog; secrets: SecretBox; delivery?: Partial<DeliveryOptions>;
  /** Retries and the poll for other processes' rows; the clock's own by default. */
  scheduler?: Scheduler;
}

/** The settings key holding delivery options an operator changed (JSON, over the defaults). */
const DELIVERY_SETTING = 'enforcement.delivery';
const LIMITS: Record<keyof DeliveryOptions, [number, number]> = {
  maxAttempts: [1, 100], baseDelayMs: [1, 3_600_000], maxDelayMs: [1, 86_400_000], timeoutMs: [100, 300_000], claimMs: [1_000, 3_600_000], batch: [1, 500],
};

/** How often a running console looks for rows queued by another process (a CLI action) or left claimed. */
const POLL_MS = 15_000;

export class EnforcementService {
  readonly endpoints: EndpointStore;
  readonly deliveryLog: DeliveryStore;
  /** Signatures the enforcement webhook accepted, until their window passes (a replay is refused). */
  readonly replays: WebhookReplayStore;
  private readonly deliverer: Deliverer;
  private poller: ScheduledTask | null = null;
  private readonly scheduler: Scheduler;

  constructor(private readonly deps: EnforcementDeps) {
    this.deliveryLog = new DeliveryStore(deps.sql);
    this.replays = new WebhookReplayStore(deps.sql);
    this.endpoints = new EndpointStore(deps.sql, deps.clock, deps.audit, deps.secrets, this.deliveryLog);
    this.endpoints.sealPlainSecrets();
    this.scheduler = deps.scheduler ?? schedulerOf(deps.clock);
    this.deliverer = new Deliverer(this.deliveryLog, deps.sql.db, deps.clock, deps.log, deps.audit, (id) => this.endpoints.secretOf(id), () => this.options(), this.scheduler);
  }

  /** The delivery options an operator stored (JSON), if any. */
  private storedOptions(): string | undefined {
    return readSetting(this.deps.sql, DELIVERY_SETTING);
  }

  /** Defaults, then the engine's options, then what an operator set (values out of bounds are ignored, and logged). */
  options(): DeliveryOptions {
    const out: DeliveryOptions = { ...DEFAULT_DELIVERY, ...this.deps.delivery };
    const raw = this.storedOptions();
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
    this.deps.audit.record(actor, 'enforcement.configure', patch, () => {
      const current = this.storedOptions();
      let earlier: object = {};
      try {
        earlier = current ? (JSON.parse(current) as object) : {};
      } catch {
        // a hand-broken setting is replaced, not merged
      }
      const merged = { ...earlier, ...patch };
      writeSetting(this.deps.sql, DELIVERY_SETTING, JSON.stringify(merged));
    });
    return this.options();
  }

  /** Queues a change for every enabled endpoint; call inside the change's transaction, then kick() after it. */
  enqueue(change: OutboundChange): number {
    const endpoints = this.endpoints.enabledRows();
    if (endpoints.length === 0) return 0;
    const now = this.deps.clock.now();
    const body = JSON.stringify(change.payload);
    for (const e of endpoints) this.deliveryLog.enqueue(e, change, body, now);
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
    this.poller = this.scheduler.every(pollMs, () => {
      this.deliverer.kick();
      this.pruneReplays();
    });
  }

  /** Forgets webhook signatures whose timestamp window has passed (the scheduler's poll does it). */
  private pruneReplays(): void {
    try {
      this.replays.prune(this.deps.clock.now());
    } catch (err) {
      // another process holds the lock: the next poll prunes
      this.deps.log.debug('enforcement webhook replay guard not pruned this time', { error: String(err) });
    }
  }

  deliveries(q: { status?: Delivery['status']; endpoint_id?: string; limit: number; offset: number }): { deliveries: Delivery[]; total: number } {
    return this.deliveryLog.list(q);
  }

  close(): void {
    this.poller?.cancel();
    this.poller = null;
    this.deliverer.close();
  }
}
