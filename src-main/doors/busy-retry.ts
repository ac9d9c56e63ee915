// Runs a door's call again while the database is busy with another writer (a CLI ingest, a second
// process): the waits are asynchronous, with backoff, so the event loop keeps serving files and reads;
// and bounded, so the caller always gets an answer: the result, or a 'busy' refusal it can retry.
// A refusal is audited as soon as the database is writable again (it cannot be written while locked).
import type { Actor } from '@shared/domain/actor';
import { delay, systemScheduler } from '../engine/clock';
import { databaseBusy, isBusyError } from '../engine/db/busy';
import { auditRefusal } from '../engine/dispatch';
import type { Engine } from '../engine/engine';

export interface BusyRetryPolicy {
  /** The longest a call waits for the write lock in all before it is refused as busy. */
  maxWaitMs: number;
  /** What a refused caller is told to wait before trying again (HTTP Retry-After). */
  retryAfterS: number;
  /** Monotonic milliseconds and an asynchronous pause: injectable so tests control time. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Ingest transactions are kept under 100 ms (ingest/commit-budget.ts), so a call normally gets in
 * after one or two pauses; 5 s covers a slow disk or an external writer, and then the caller is told.
 */
export const DEFAULT_BUSY_RETRY: BusyRetryPolicy = {
  maxWaitMs: 5000, retryAfterS: 2, now: () => performance.now(),
  // Real time on purpose, not the engine's clock: the wait is for another process to release an OS file
  // lock, which happens in wall-clock time whatever the engine's clock says (tests inject now/sleep).
  sleep: (ms) => delay(systemScheduler, ms, { keepAlive: true }),
};

/**
 * Pauses between attempts: short, because an ingest in another process lets a waiting action in between
 * two of its commits (writer-turns.ts) and the action should take that turn promptly; each attempt that
 * meets the lock costs microseconds (the statement does not wait: SERVER_BUSY_TIMEOUT_MS).
 */
const FIRST_PAUSE_MS = 2;
const MAX_PAUSE_MS = 20;
/** Pauses between attempts to record a refusal once the lock is gone. */
const AUDIT_PAUSE_MS = 250;

/** Calls `call` until it does not fail with a busy database, or the bound is spent (then throws the 'busy' UserError). */
export async function withBusyRetry<T>(call: () => T, policy: BusyRetryPolicy = DEFAULT_BUSY_RETRY): Promise<T> {
  const started = policy.now();
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return call();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      const waited = policy.now() - started;
      if (waited >= policy.maxWaitMs) throw databaseBusy(waited, policy.retryAfterS);
      await policy.sleep(Math.min(pause, policy.maxWaitMs - waited));
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    }
  }
}

/**
 * Appends the refusal of a call to the audit log once the database takes writes again; resolves when
 * it is recorded (or the engine closed first). Never rejects: a failure other than busy is logged.
 */
export async function auditRefusalWhenFree(engine: Engine, actor: Actor, action: string, input: unknown, err: unknown, policy: BusyRetryPolicy = DEFAULT_BUSY_RETRY): Promise<boolean> {
  while (engine.sql.open) {
    try {
      auditRefusal(engine, actor, action, input, err);
      return true;
    } catch (e) {
      if (!isBusyError(e)) {
        engine.log.error('could not record a refused call in the audit log', { action, error: e instanceof Error ? e.message : String(e) });
        return false;
      }
      await policy.sleep(AUDIT_PAUSE_MS);
    }
  }
  return false;
}
