// The one place SQL statements are prepared. Stores write queries as tagged templates (`sql\`… ${value}\``):
// every interpolated value becomes a bound parameter, never text, so a query cannot be injected; a nested
// `sql` fragment is spliced in with its own parameters, so WHERE clauses compose without string building.
// Statements are cached by their text (the same template always yields the same text, so a store pays for
// `prepare` once) and every call is timed: one slower than THREATMATIC_SLOW_QUERY_MS is logged by name.
import type { RunResult, Statement } from 'better-sqlite3';
import type { Logger } from '../log';
import type { Db } from './open';
import { WriterTurns } from './writer-turns';

export class SqlFragment {
  constructor(readonly text: string, readonly params: readonly unknown[]) {}
}

/** A parameterized query or fragment: `sql\`SELECT * FROM t WHERE id = ${id}\``. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (v instanceof SqlFragment) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1];
  });
  return new SqlFragment(text, params);
}

/** Trusted constant SQL (an ORDER BY expression, a column list): never pass user input. */
sql.raw = (text: string): SqlFragment => new SqlFragment(text, []);

/** Fragments joined by a separator: `sql.join(cols, sql.raw(', '))`. */
sql.join = (parts: readonly SqlFragment[], separator: string = ', '): SqlFragment =>
  new SqlFragment(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));

/** `WHERE a AND b` from the conditions that apply, or nothing when none do. */
sql.where = (conditions: ReadonlyArray<SqlFragment | null | undefined | false | '' | 0>): SqlFragment => {
  const kept = conditions.filter((c): c is SqlFragment => c instanceof SqlFragment);
  return kept.length ? new SqlFragment(`WHERE ${kept.map((c) => `(${c.text})`).join(' AND ')}`, kept.flatMap((c) => c.params)) : sql.raw('');
};

/** `(?, ?, ?)` for an IN list; an empty list becomes `(NULL)`, which matches nothing. */
sql.list = (values: readonly unknown[]): SqlFragment =>
  values.length ? new SqlFragment(`(${values.map(() => '?').join(', ')})`, values) : sql.raw('(NULL)');

/** A prepared statement for hot loops (bulk inserts) that bind positionally, timed like every other query. */
export interface PreparedStatement<P extends unknown[] = unknown[]> {
  get<R = unknown>(...params: P): R | undefined;
  all<R = unknown>(...params: P): R[];
  run(...params: P): RunResult;
  iterate<R = unknown>(...params: P): IterableIterator<R>;
}

const STATEMENT_CACHE_LIMIT = 2000;
const DEFAULT_SLOW_MS = 50;

export class SqlRunner {
  private readonly cache = new Map<string, Statement>();
  readonly slowMs: number;
  /** Turns at the write lock with other processes (writer-turns.ts); the engine sets its database's. */
  turns: WriterTurns = WriterTurns.none;

  constructor(
    readonly db: Db,
    private readonly log: Logger,
    slowMs = Number(process.env.THREATMATIC_SLOW_QUERY_MS ?? DEFAULT_SLOW_MS),
  ) {
    this.slowMs = Number.isFinite(slowMs) && slowMs >= 0 ? slowMs : DEFAULT_SLOW_MS;
  }

  all<R>(q: SqlFragment, name?: string): R[] {
    const stmt = this.cached(q.text);
    return this.measure(name ?? q.text, () => stmt.all(...q.params) as R[]);
  }

  get<R>(q: SqlFragment, name?: string): R | undefined {
    const stmt = this.cached(q.text);
    return this.measure(name ?? q.text, () => stmt.get(...q.params) as R | undefined);
  }

  /** The first column of the first row, or undefined: `SELECT COUNT(*) …`. */
  value<T>(q: SqlFragment, name?: string): T | undefined {
    const stmt = this.cached(q.text);
    const row = this.measure(name ?? q.text, () => stmt.raw(true).get(...q.params) as unknown[] | undefined);
    stmt.raw(false);
    return row?.[0] as T | undefined;
  }

  /** The first column of every row. */
  column<T>(q: SqlFragment, name?: string): T[] {
    const stmt = this.cached(q.text);
    const rows = this.measure(name ?? q.text, () => stmt.raw(true).all(...q.params) as unknown[][]);
    stmt.raw(false);
    return rows.map((r) => r[0] as T);
  }

  run(q: SqlFragment, name?: string): RunResult {
    const stmt = this.cached(q.text);
    return this.measure(name ?? q.text, () => stmt.run(...q.params));
  }

  /** Rows one at a time, for scans too large to hold (the caller must finish or break the loop). */
  iterate<R>(q: SqlFragment): IterableIterator<R> {
    return this.cached(q.text).iterate(...q.params) as IterableIterator<R>;
  }

  /** Schema and multi-statement scripts (migrations, pragmas). */
  exec(text: string): void {
    this.db.exec(text);
  }

  /**
   * `fn` inside one write transaction, taken IMMEDIATE so the write lock is held from the start (a deferred
   * one that reads then writes can fail with SQLITE_BUSY instead of waiting); nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * `fn` inside one transaction that takes the write lock at its start (BEGIN IMMEDIATE): for a write that
   * reads first (a chain head, a pending row), so two processes never both read and then fail to upgrade.
   */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Whether the connection is still open: work scheduled before a close finds nothing to do after it. */
  get open(): boolean {
    return this.db.open;
  }

  /** Whether a transaction is open on this connection (work that must run after commit waits for it). */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /**
   * A named, positional statement for hot loops (bulk inserts), prepared once here and timed per call like
   * the rest: stores never prepare statements themselves.
   */
  statement<P extends unknown[] = unknown[]>(name: string, text: string): PreparedStatement<P> {
    const stmt = this.cached(text);
    return {
      get: (...params) => this.measure(name, () => stmt.get(...params)) as never,
      all: (...params) => this.measure(name, () => stmt.all(...params)) as never,
      run: (...params) => this.measure(name, () => stmt.run(...params)),
      iterate: (...params) => stmt.iterate(...params) as never,
    };
  }

  /** Times `fn`, logging it by name when slow; for work that runs many statements as one unit (a batch). */
  measure<T>(name: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - start;
      if (ms >= this.slowMs) this.log.warn('slow query', { query: name.replace(/\s+/g, ' ').trim().slice(0, 120), ms: Math.round(ms * 10) / 10 });
    }
  }

  private cached(text: string): Statement {
    let stmt = this.cache.get(text);
    if (!stmt) {
      // Texts are templates, so the cache stays small; the bound keeps a store that builds IN lists of
      // many lengths from growing it without limit.
      if (this.cache.size >= STATEMENT_CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      stmt = this.db.prepare(text);
      this.cache.set(text, stmt);
    }
    return stmt;
  }
}
