// Sends queued decision changes to enforcement endpoints after commit, never inside a transaction:
// rows are claimed, POSTed signed, and settled (delivered, retried with exponential backoff, or given
// up) in short audited transactions. One endpoint receives its changes in order: a release never
// overtakes the isolation it ends, so a later row waits while an earlier one is still retrying.
import type { Actor } from '@shared/domain/actor';
import type { AuditLog } from '../audit/audit-log';
import type { Clock, ScheduledTask, Scheduler } from '../clock';
import { isBusyError } from '../db/busy';
import type { ClaimedRow, DeliveryStore } from './delivery-store';
import type { Logger } from '../log';
import { post } from './http-post';
import { SecretUnreadable } from './secret-box';
import { DELIVERY_HEADER, EVENT_HEADER, signature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signing';

export interface DeliveryOptions {
  /** Attempts before a change is given up on (failed). */
  maxAttempts: number;
  /** Wait before the second attempt; doubles each time, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per request. */
  timeoutMs: number;
  /** A claimed row is due again after this long (its sender died). */
  claimMs: number;
  /** Rows claimed per round. */
  batch: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxAttempts: 6, baseDelayMs: 2_000, maxDelayMs: 300_000, timeoutMs: 10_000, claimMs: 60_000, batch: 20 };

const SENDER: Actor = { type: 'system', id: 'enforcement' };
/** How long to leave a database another process is writing before claiming again. */
const BUSY_PAUSE_MS = 250;

/** A status worth retrying: server errors, timeouts, rate limits. Other 4xx will not improve. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export class Deliverer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ScheduledTask | null = null;
  private closed = false;
  /** Another process held the write lock at the last claim: the next round waits until then. */
  private busyUntil = 0;

  constructor(
    private readonly store: DeliveryStore,
    /** Whether the database is still open and whether this connection is inside a transaction now. */
    private readonly conn: { readonly open: boolean; readonly inTransaction: boolean },
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly audit: AuditLog,
    private readonly secretOf: (endpointId: string) => string | undefined,
    /** Read at each round, so a changed setting applies without a restart. */
    private readonly options: () => DeliveryOptions,
    /** Wakes the sender for the next retry: the engine's scheduler, so tests advance a ManualClock through backoff. */
    private readonly scheduler: Scheduler,
  ) {}

  /** Sends what is due, soon (after the current synchronous work, so after the caller's commit). */
  kick(): void {
    if (this.closed) return;
    setImmediate(() => void this.drain());
  }

  /** Sends everything due now; resolves when the round is over. */
  drain(): Promise<void> {
    if (this.closed || !this.conn.open) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().catch((err: unknown) => {
      // A background sender must never take the process down; what is due stays due for the next round.
      if (isBusyError(err)) this.busyUntil = this.clock.now() + BUSY_PAUSE_MS;
      else this.log.error('enforcement round failed', { error: String(err) });
    }).finally(() => {
      this.running = null;
      this.scheduleNext();
    });
    return this.running;
  }

  private opts: DeliveryOptions = DEFAULT_DELIVERY;

  private async rounds(): Promise<void> {
    this.opts = this.options();
    do {
      this.again = false;
      if (this.conn.inTransaction) {
        this.kick();
        return;
      }
      const rows = this.claim();
      if (rows.length === 0) break;
      await Promise.all(rows.map((r) => this.send(r)));
      // A settled head row lets the next row of its endpoint go.
      this.again = true;
    } while (this.again && !this.closed && this.conn.open);
  }

  private claim(): ClaimedRow[] {
    return this.store.claimDue(this.clock.now(), this.opts.claimMs, this.opts.batch);
  }

  private async send(row: ClaimedRow): Promise<void> {
    let secret: string | undefined;
    try {
      secret = this.secretOf(row.endpoint_id);
    } catch (err) {
      // Its key is gone or replaced: no retry can sign it; the analyst re-adds the endpoint (the message says so).
      if (err instanceof SecretUnreadable) return this.settle(row, { ok: false, code: null, error: err.message, final: true });
      throw err;
    }
    if (secret === undefined) return this.settle(row, { ok: false, code: null, error: 'endpoint removed', final: true });
    const ts = Math.floor(this.clock.now() / 1000);
    const res = await post(row.url, row.payload, {
      'content-type': 'application/json',
      'user-agent': 'threatmatic-enforcement/1',
      [SIGNATURE_HEADER]: signature(secret, ts, row.payload),
      [TIMESTAMP_HEADER]: String(ts),
      [DELIVERY_HEADER]: String(row.id),
      [EVENT_HEADER]: row.action,
    }, this.opts.timeoutMs);
    // Redirects are not followed: a signed change goes where it was configured to, or fails.
    if ('error' in res) return this.settle(row, { ok: false, code: null, error: res.error, final: false });
    const ok = res.status >= 200 && res.status < 300;
    this.settle(row, { ok, code: res.status, error: ok ? null : `HTTP ${res.status}`, final: !ok && !retryable(res.status) });
  }

  private settle(row: ClaimedRow, o: { ok: boolean; code: number | null; error: string | null; final: boolean }): void {
    if (this.closed || !this.conn.open) return; // the claim lapses; a later sender retries the row
    const now = this.clock.now();
    const attempts = row.attempts + 1;
    const giveUp = !o.ok && (o.final || attempts >= this.opts.maxAttempts);
    const next = o.ok || giveUp ? null : now + Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempts - 1));
    const status = o.ok ? 'delivered' : giveUp ? 'failed' : 'pending';
    try {
      this.store.settle({ id: row.id, status, attempts, code: o.code, error: o.error, next, delivered: o.ok ? now : null }, () => {
        this.audit.append({
          actor: SENDER, action: 'enforcement.deliver', params: { delivery_id: row.id, endpoint_id: row.endpoint_id, url: row.url, change_id: row.change_id },
          outcome: o.ok ? 'ok' : 'error', detail: { attempt: attempts, status, status_code: o.code, error: o.error, next_attempt_at: next },
        });
      });
    } catch (err) {
      this.log.error('enforcement delivery could not be recorded', { delivery_id: row.id, error: String(err) });
    }
    if (!o.ok) this.log.warn('enforcement delivery failed', { delivery_id: row.id, url: row.url, attempt: attempts, error: o.error, gave_up: giveUp });
  }

  /** Wakes up for the next retry (or a lapsed claim). */
  private scheduleNext(): void {
    if (this.closed || !this.conn.open) return;
    const next = this.store.nextDue();
    this.timer?.cancel();
    this.timer = null;
    if (next === null) return;
    this.timer = this.scheduler.after(Math.max(0, next - this.clock.now(), this.busyUntil - this.clock.now()) + 5, () => {
      this.timer = null;
      void this.drain();
    });
  }

  /** Settles nothing more; in-flight requests finish unrecorded and are retried by a later sender. */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
  }
}
