// Retention: how long each kind of data is kept (settings, as operations), and the prune that enforces
// it: hourly on the engine's scheduler in a long-running process, or at once on request. A pass records
// its cutoffs (and the horizons rebuild-derived reads) in one audited transaction before deleting, then
// deletes batch by batch (pruner.ts), pausing between batches in the background, and records what it deleted.
import type { OpParsedInput } from '@shared/contract/index';
import { RETENTION_KINDS, type RetentionKind } from '@shared/contract/operations/retention';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock, ScheduledTask, Scheduler } from '../clock';
import { isBusyError, logBackgroundFailure } from '../db/busy';
import type { SqlRunner } from '../db/sql';
import { invalid } from '../errors';
import type { Logger } from '../log';
import type { PruneTarget } from './prune-target';
import { DEFAULT_BATCH_LIMITS, Pruner, type BatchLimits } from './pruner';
import { DEFAULT_RETENTION_DAYS, RETENTION_WHAT } from './retention-defaults';
import { RetentionStore } from './retention-store';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How often a long-running process prunes, and how soon after it starts (leaving start-up alone). */
export const PRUNE_EVERY_MS = HOUR_MS;
export const PRUNE_FIRST_MS = 5 * 60_000;
/** The pause between two background batches: other writers (an ingest, an analyst's action) go first. */
export const BATCH_PAUSE_MS = 50;
/** After another process held the write lock: try the pass again this much later. */
const BUSY_RETRY_MS = 30_000;

const RETENTION_ACTOR: Actor = { type: 'system', id: 'retention' };

export interface RetentionDeps {
  sql: SqlRunner; clock: Clock; log: Logger; audit: AuditLog; scheduler: Scheduler;
  /** Each kind's owner store deletes its own rows. */
  targets: Record<RetentionKind, PruneTarget>;
  /** The newest stored event's data time: windows of data-timed kinds count back from it when it is earlier than now. */
  newestEventTs: () => number | null;
  batch?: BatchLimits;
}

export interface Retention {
  kinds: { kind: RetentionKind; days: number | null; default_days: number | null; configured: boolean; pruned_before: string | null; what: string }[];
}

export interface PruneSummary { deleted: Record<RetentionKind, number>; batches: number; max_batch_ms: number; seconds: number }

/** Kinds timed by their data (telemetry time), as opposed to rejects (timed by when they were refused). */
const DATA_TIMED: readonly RetentionKind[] = ['events', 'intel_hits', 'hourly_rollups', 'event_log'];

export class RetentionService {
  readonly store: RetentionStore;
  private readonly pruner: Pruner;
  private timer: ScheduledTask | null = null;
  private next: ScheduledTask | null = null;
  private running = false;

  constructor(private readonly deps: RetentionDeps) {
    this.store = new RetentionStore(deps.sql);
    this.pruner = new Pruner(deps.sql, deps.targets, deps.batch ?? DEFAULT_BATCH_LIMITS);
  }

  /** Days each kind is kept now (an operator's setting, else the default). */
  days(): Record<RetentionKind, number | null> {
    const set = this.store.configured();
    return Object.fromEntries(RETENTION_KINDS.map((k) => [k, set.has(k) ? (set.get(k) as number | null) : DEFAULT_RETENTION_DAYS[k]])) as Record<RetentionKind, number | null>;
  }

  get(): Retention {
    const set = this.store.configured();
    const days = this.days();
    return {
      kinds: RETENTION_KINDS.map((kind) => ({
        kind, days: days[kind], default_days: DEFAULT_RETENTION_DAYS[kind], configured: set.has(kind),
        pruned_before: isoOrNull(this.store.horizon(kind)), what: RETENTION_WHAT[kind],
      })),
    };
  }

  /** `retention.set`: the kinds given, checked together with the rest, in one audited transaction. */
  set(input: OpParsedInput<'retention.set'>, actor: Actor): Retention {
    const given = RETENTION_KINDS.filter((k) => input[k] !== undefined);
    if (given.length === 0) throw invalid('input', `give at least one of ${RETENTION_KINDS.join(', ')}`);
    const after = { ...this.days(), ...Object.fromEntries(given.map((k) => [k, input[k]])) } as Record<RetentionKind, number | null>;
    // Roll-ups are what rebuild-derived recomputes from events: an hour whose events are kept keeps its roll-up.
    const longer = (a: number | null, b: number | null) => a === null || (b !== null && a >= b);
    if (!longer(after.hourly_rollups, after.events)) {
      const field = given.includes('hourly_rollups') ? 'hourly_rollups' : 'events';
      throw invalid(field, `hourly roll-ups must be kept at least as long as events (events ${after.events ?? 'forever'} days, hourly_rollups ${after.hourly_rollups ?? 'forever'} days)`);
    }
    this.deps.audit.record(actor, 'retention.set', input, () => {
      for (const k of given) this.store.set(k, input[k] as number | null, this.deps.clock.now(), `${actor.type}:${actor.id}`);
    });
    return this.get();
  }

  /** `retention.prune`: everything due now, batch after batch without pauses (a CLI command, a test). */
  pruneNow(actor: Actor): PruneSummary {
    const pass = this.pass(actor);
    for (;;) {
      const step = pass.next();
      if (step.done) return step.value;
    }
  }

  /** A long-running process: a pass PRUNE_FIRST_MS after start, then every PRUNE_EVERY_MS, pausing between batches. */
  start(): void {
    if (this.timer) return;
    const { scheduler } = this.deps;
    this.timer = scheduler.every(PRUNE_EVERY_MS, () => this.background());
    this.next = scheduler.after(PRUNE_FIRST_MS, () => this.background());
  }

  close(): void {
    this.timer?.cancel();
    this.next?.cancel();
    this.timer = null;
    this.next = null;
  }

  /** Cutoffs (hour-aligned, ms) of the kinds that have something older: windows count back from now, or from the newest event when that is earlier. */
  private plan(): { kind: RetentionKind; before: number }[] {
    const now = this.deps.clock.now();
    const newest = this.deps.newestEventTs();
    // A database of old captures reviewed offline keeps them: its data is as old as its newest event.
    const dataNow = newest === null ? now : Math.min(now, newest);
    const days = this.days();
    const out: { kind: RetentionKind; before: number }[] = [];
    for (const kind of RETENTION_KINDS) {
      const d = days[kind];
      if (d === null) continue;
      const ref = DATA_TIMED.includes(kind) ? dataNow : now;
      const before = Math.floor((ref - d * DAY_MS) / HOUR_MS) * HOUR_MS;
      if (this.pruner.any(kind, before)) out.push({ kind, before });
    }
    return out;
  }

  /** One pass, yielding after each batch (where the background pauses). */
  private *pass(actor: Actor): Generator<void, PruneSummary> {
    const started = performance.now();
    const summary: PruneSummary = { deleted: Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>, batches: 0, max_batch_ms: 0, seconds: 0 };
    const plan = this.plan();
    if (plan.length === 0) return summary;
    const cutoffs = Object.fromEntries(plan.map((p) => [p.kind, new Date(p.before).toISOString()]));
    // Before any row goes: the horizons (what rebuild-derived can no longer recompute) and the record of why.
    this.deps.audit.record(actor, 'retention.prune', { cutoffs }, () => {
      for (const p of plan) this.store.advanceHorizon(p.kind, p.before);
    }, () => ({ phase: 'started' }));
    for (const p of plan) {
      for (;;) {
        const r = this.pruner.batch(p.kind, p.before);
        summary.batches++;
        summary.deleted[p.kind] += r.deleted;
        summary.max_batch_ms = Math.max(summary.max_batch_ms, Math.round(r.ms * 10) / 10);
        if (r.done) break;
        yield;
      }
    }
    summary.seconds = (performance.now() - started) / 1000;
    this.deps.audit.append({ actor, action: 'retention.prune', params: { cutoffs }, outcome: 'ok', detail: { phase: 'finished', deleted: summary.deleted, batches: summary.batches, max_batch_ms: summary.max_batch_ms } });
    return summary;
  }

  /** A background pass: one batch per scheduler turn, BATCH_PAUSE_MS apart; a busy database postpones the pass. */
  private background(): void {
    if (this.running) return;
    this.running = true;
    const pass = this.pass(RETENTION_ACTOR);
    const step = () => {
      this.next = null;
      try {
        if (!pass.next().done && this.timer) {
          this.next = this.deps.scheduler.after(BATCH_PAUSE_MS, step);
          return;
        }
      } catch (err) {
        if (isBusyError(err) && this.timer) this.next = this.deps.scheduler.after(BUSY_RETRY_MS, () => this.background());
        logBackgroundFailure(this.deps.log, 'retention prune failed', err);
      }
      this.running = false;
    };
    step();
  }
}
