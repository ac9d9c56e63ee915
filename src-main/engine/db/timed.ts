// Slow-query logging: query modules prepare through here, so any statement slower than the
// threshold is logged with its name. Hot insert loops time whole batches instead.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';
import type { Logger } from '../log';

export interface TimedStatement<P extends unknown[] = unknown[]> {
  get<R = unknown>(...params: P): R | undefined;
  all<R = unknown>(...params: P): R[];
  run(...params: P): { changes: number; lastInsertRowid: number | bigint };
  raw: Statement;
}

export class QueryTimer {
  constructor(
    private readonly log: Logger,
    readonly slowMs = Number(process.env.THREATMATIC_SLOW_QUERY_MS ?? 50),
  ) {}

  measure<T>(name: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - start;
      if (ms >= this.slowMs) this.log.warn('slow query', { query: name, ms: Math.round(ms * 10) / 10 });
    }
  }

  prepare<P extends unknown[] = unknown[]>(db: Db, name: string, sql: string): TimedStatement<P> {
    const stmt = db.prepare(sql);
    return {
      raw: stmt,
      get: (...params) => this.measure(name, () => stmt.get(...params)) as never,
      all: (...params) => this.measure(name, () => stmt.all(...params)) as never,
      run: (...params) => this.measure(name, () => stmt.run(...params)),
    };
  }
}
