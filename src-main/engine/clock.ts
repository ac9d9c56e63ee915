// Time is injected (DESIGN principle 5): expiries, baselines, trends, retries and tests stay deterministic.
// The clock says what time it is; its scheduler runs work later (the engine's setTimeout/setInterval).
// systemScheduler is the one place in src-main that arms real timers; ManualClock runs the same work
// only as a test (or a replay of simulated time) advances it, so no test waits on real time for engine behaviour.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A scheduled task: cancel() stops it; a no-op once it ran (a one-shot) or was cancelled. */
export interface ScheduledTask {
  cancel(): void;
}

export interface ScheduleOptions {
  /**
   * Keep the process alive while the task is pending (a CLI command waiting on it). By default a
   * scheduled task never keeps a process alive on its own: background work stops with the process.
   */
  keepAlive?: boolean;
}

/** Runs work later: real timers in a process, the manual clock's own time in tests. */
export interface Scheduler {
  /** Calls `task` once, `ms` milliseconds from now (setTimeout). */
  after(ms: number, task: () => void, opts?: ScheduleOptions): ScheduledTask;
  /** Calls `task` every `ms` milliseconds until cancelled (setInterval). */
  every(ms: number, task: () => void, opts?: ScheduleOptions): ScheduledTask;
}

/** Real timers, unref'd unless asked to keep the process alive. */
export const systemScheduler: Scheduler = {
  after(ms, task, opts) {
    const timer = setTimeout(task, Math.max(0, ms));
    if (!opts?.keepAlive) timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, task, opts) {
    const timer = setInterval(task, Math.max(1, ms));
    if (!opts?.keepAlive) timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

/** Resolves `ms` from now on the scheduler's time (a real pause in a process, an advance of a ManualClock in tests). */
export function delay(scheduler: Scheduler, ms: number, opts?: ScheduleOptions): Promise<void> {
  return new Promise<void>((resolve) => scheduler.after(ms, resolve, opts));
}

/** The scheduler that goes with a clock: a ManualClock schedules on its own time, any other clock on real timers. */
export function schedulerOf(clock: Clock): Scheduler {
  return clock instanceof ManualClock ? clock : systemScheduler;
}

interface ManualTask {
  /** 0 for a one-shot. */
  period: number;
  due: number;
  task: () => void;
}

/** A clock that only moves when told to: for tests and for replaying simulated time. Its tasks run as it advances. */
export class ManualClock implements Clock, Scheduler {
  private readonly tasks = new Set<ManualTask>();

  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  /**
   * Jumps to a time without running anything, like a machine waking from sleep: a task that fell due
   * meanwhile runs at the next advance.
   */
  set(ms: number): void {
    this.ms = ms;
  }
  /**
   * Moves time forward, running each task due inside the step in time order (tasks due at the same
   * instant in the order they were scheduled), each at its due time; a task scheduled by another during
   * the step runs too when it falls inside it. A repeating task runs once per step, at the last of its
   * periods inside it, as real timers do after the event loop was busy: its work reads the time it runs
   * at (a poll, a sweep, a tick), and a test that means every period advances one period at a time.
   */
  advance(ms: number): void {
    const target = this.ms + ms;
    const dueBy = (t: ManualTask) => (t.period > 0 && t.due <= target ? t.due + Math.floor((target - t.due) / t.period) * t.period : t.due);
    for (;;) {
      let next: ManualTask | undefined;
      let nextDue = Infinity;
      for (const t of this.tasks) {
        const due = dueBy(t);
        if (due <= target && due < nextDue) {
          next = t;
          nextDue = due;
        }
      }
      if (!next) break;
      this.ms = Math.max(this.ms, nextDue);
      if (next.period > 0) next.due = nextDue + next.period;
      else this.tasks.delete(next);
      next.task();
    }
    this.ms = Math.max(this.ms, target);
  }
  /** Tasks waiting to run: a test checks that what it started was stopped. */
  get scheduled(): number {
    return this.tasks.size;
  }
  after(ms: number, task: () => void): ScheduledTask {
    return this.add({ period: 0, due: this.ms + Math.max(0, ms), task });
  }
  every(ms: number, task: () => void): ScheduledTask {
    const period = Math.max(1, ms);
    return this.add({ period, due: this.ms + period, task });
  }
  private add(entry: ManualTask): ScheduledTask {
    this.tasks.add(entry);
    return { cancel: () => void this.tasks.delete(entry) };
  }
}
