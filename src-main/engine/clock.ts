// Time is injected (DESIGN principle 5): expiries, baselines, trends and tests stay deterministic.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Runs work on a period: real timers in a process, the manual clock's own time in tests. */
export interface Scheduler {
  /** Calls `task` every `ms` milliseconds until the returned function is called. */
  every(ms: number, task: () => void): () => void;
}

/** Real timers, unref'd so a scheduled task never keeps a process alive on its own. */
export const systemScheduler: Scheduler = {
  every(ms, task) {
    const timer = setInterval(task, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

interface ManualTask {
  ms: number;
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
  set(ms: number): void {
    this.ms = ms;
  }
  /** Moves time forward, running each scheduled task at every period that falls inside the step, in time order. */
  advance(ms: number): void {
    const target = this.ms + ms;
    for (;;) {
      let next: ManualTask | undefined;
      for (const t of this.tasks) if (t.due <= target && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.ms = next.due;
      next.due += next.ms;
      next.task();
    }
    this.ms = target;
  }
  every(ms: number, task: () => void): () => void {
    const entry: ManualTask = { ms: Math.max(1, ms), due: this.ms + Math.max(1, ms), task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }
}
