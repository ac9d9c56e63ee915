// The SQL layer: values are bound, never spliced; fragments compose; statements are cached by text;
// a slow statement is logged by name.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqlRunner, sql } from '../../../src-main/engine/db/sql';
import type { Logger } from '../../../src-main/engine/log';
import { testLogger } from '../../support/test-logger';

function runner(slowMs = 1e9, warnings: unknown[] = []) {
  const db = new Database(':memory:');
  const log = { debug() {}, info() {}, warn: (msg: string, meta: unknown) => warnings.push([msg, meta]), error: testLogger.error } as unknown as Logger;
  const q = new SqlRunner(db, log, slowMs);
  q.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER); INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)");
  return { db, q };
}

describe('sql tagged template', () => {
  it('binds values as parameters, so quotes in a value are data', () => {
    const { q } = runner();
    const hostile = "a' OR '1'='1";
    expect(q.all(sql`SELECT id FROM t WHERE id = ${hostile}`)).toEqual([]);
    expect(q.all<{ id: string }>(sql`SELECT id FROM t WHERE id = ${'b'}`)).toEqual([{ id: 'b' }]);
  });

  it('composes WHERE clauses from the conditions that apply', () => {
    const { q } = runner();
    const min: number | undefined = 2;
    const id: string | undefined = undefined;
    const where = sql.where([min !== undefined && sql`n >= ${min}`, id !== undefined && sql`id = ${id}`]);
    expect(where.text).toBe('WHERE (n >= ?)');
    expect(q.column<string>(sql`SELECT id FROM t ${where} ORDER BY id`)).toEqual(['b', 'c']);
    expect(q.column<string>(sql`SELECT id FROM t ${sql.where([])} ORDER BY id`)).toEqual(['a', 'b', 'c']);
  });

  it('expands IN lists, an empty one matching nothing', () => {
    const { q } = runner();
    expect(q.column<string>(sql`SELECT id FROM t WHERE id IN ${sql.list(['a', 'c'])} ORDER BY id`)).toEqual(['a', 'c']);
    expect(q.column<string>(sql`SELECT id FROM t WHERE id IN ${sql.list([])}`)).toEqual([]);
  });

  it('reads one value, writes, and rolls a failed transaction back', () => {
    const { q } = runner();
    expect(q.value<number>(sql`SELECT COUNT(*) FROM t`)).toBe(3);
    expect(q.run(sql`UPDATE t SET n = n + 1 WHERE id = ${'a'}`).changes).toBe(1);
    expect(q.get<{ n: number }>(sql`SELECT n FROM t WHERE id = ${'a'}`)).toEqual({ n: 2 });
    expect(() => q.transaction(() => {
      q.run(sql`INSERT INTO t VALUES (${'d'}, 4)`);
      throw new Error('boom');
    })).toThrow('boom');
    expect(q.value<number>(sql`SELECT COUNT(*) FROM t`)).toBe(3);
    // after a raw-mode read the cached statement still returns objects
    expect(q.get(sql`SELECT COUNT(*) AS c FROM t`)).toEqual({ c: 3 });
  });

  it('prepares each distinct text once', () => {
    const { db, q } = runner();
    let prepares = 0;
    const real = db.prepare.bind(db);
    db.prepare = ((text: string) => { prepares++; return real(text); }) as typeof db.prepare;
    for (const id of ['a', 'b', 'c']) q.get(sql`SELECT n FROM t WHERE id = ${id}`);
    expect(prepares).toBe(1);
  });

  it('logs a statement slower than the threshold by its name', () => {
    const warnings: unknown[] = [];
    const { q } = runner(0, warnings);
    q.all(sql`SELECT * FROM t`, 'list t');
    expect(warnings).toEqual([['slow query', { query: 'list t', ms: expect.any(Number) }]]);
  });
});
