// Turns at the write lock between processes. SQLite's busy handler polls; it keeps no queue. A process
// that writes back to back (a CLI ingest: a batch transaction, a short parse, the next batch) takes the
// lock again and again, and a console action retrying in the gaps can miss every one for seconds (the
// console bench lost 4 of ~450 actions to that, after 5 s of retries, with no transaction near 5 s).
// So a writer kept waiting says so, by touching a side file beside the database (`<db>-waiting`), and a
// batch writer looks at that file before each of its transactions: while a waiter is active (the file
// touched within WAITING_FRESH_MS) it pauses, up to MAX_YIELD_MS, so the waiter gets the lock first.
// Only one-shot processes yield (a paused CLI ingest keeps nobody waiting); a long-running process
// (serve, the desktop app) never blocks its event loop for another process. Wall-clock time on purpose:
// this coordinates OS processes, whatever an engine's injected clock says (tests inject `TurnClock`).
import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';

/** A waiter retries at least every ~20 ms (busy-retry.ts); a side file older than this is left over. */
export const WAITING_FRESH_MS = 250;
/** The longest a batch writer pauses for waiters before its next transaction. */
export const MAX_YIELD_MS = 1000;
const PAUSE_MS = 5;

/** Wall-clock now and a synchronous pause (a one-shot process has nothing else to run meanwhile). */
export interface TurnClock { now(): number; pause(ms: number): void }

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const wallClock: TurnClock = { now: () => Date.now(), pause: (ms) => void Atomics.wait(sleeper, 0, 0, ms) };

function touchedAt(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

export class WriterTurns {
  /** For an in-memory database: no other process, nothing to coordinate. */
  static readonly none = new WriterTurns(null, false);
  private announced = false;

  constructor(
    /** The side file (`<db>-waiting`), or null when there is no other process to tell. */
    readonly markerPath: string | null,
    /** Whether this process's batch writers pause for waiters (one-shot processes only). */
    private readonly yields: boolean,
    private readonly clock: TurnClock = wallClock,
  ) {}

  static forDatabase(dbPath: string, yields: boolean): WriterTurns {
    return dbPath === ':memory:' ? WriterTurns.none : new WriterTurns(`${dbPath}-waiting`, yields);
  }

  /** A write of this process met the lock: tells batch writers elsewhere that someone waits. Never throws. */
  waiting(): void {
    if (!this.markerPath) return;
    try {
      const t = new Date(this.clock.now());
      if (touchedAt(this.markerPath) === null) writeFileSync(this.markerPath, '', { mode: 0o600 });
      utimesSync(this.markerPath, t, t);
      this.announced = true;
    } catch {
      // A read-only folder: the waiter simply takes its chances, as before.
    }
  }

  /** The waiting write got in: the batch writers may go on at once. Never throws. */
  served(): void {
    if (!this.announced || !this.markerPath) return;
    this.announced = false;
    try {
      rmSync(this.markerPath, { force: true });
    } catch {
      // Left over, it goes stale in WAITING_FRESH_MS.
    }
  }

  /**
   * Whether a batch writer of this process may hold several batches in one transaction: only a one-shot
   * process, which looks for waiters between its batches (someoneWaits) and ends the transaction when one comes.
   */
  get groupsBatches(): boolean {
    return this.yields && this.markerPath !== null;
  }

  /** Whether another process's writer waits for the lock now (its side file touched within WAITING_FRESH_MS). Never throws. */
  someoneWaits(): boolean {
    if (!this.yields || !this.markerPath) return false;
    const touched = touchedAt(this.markerPath);
    return touched !== null && this.clock.now() - touched <= WAITING_FRESH_MS;
  }

  /**
   * Before a batch writer's transaction: while another process's writer waits, lets it go first (at most
   * MAX_YIELD_MS). Returns how long it paused.
   */
  yieldTurn(): number {
    if (!this.yields || !this.markerPath) return 0;
    const start = this.clock.now();
    for (let paused = false; ; paused = true) {
      const waits = this.someoneWaits();
      const now = this.clock.now();
      // 0 when nobody waited: the clock may tick during the look itself, and a caller counts any pause as a waiter seen.
      if (!waits || now - start >= MAX_YIELD_MS) return paused ? now - start : 0;
      this.clock.pause(PAUSE_MS);
    }
  }
}
