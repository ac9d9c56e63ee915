// The operations the CLI once ran as its own code (imports, keys, exports, simulation, repair) and the
// settings that had no door: each goes through dispatch, so its input is checked by its schema, its
// refusals are audited and its scope applies from every door; the file-reading ones serve the CLI alone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operations, type OpName } from '@shared/contract/index';
import { DEFAULT_POSTURE_WEIGHTS } from '@shared/domain/bands';
import { runCli, type CliIo } from '../../src-main/cli/run-cli';
import { describeOperations } from '../../src-main/doors/http/api-routes';
import { handleIpcCall } from '../../src-main/doors/ipc';
import { runOp } from '../../src-main/doors/run-op';
import { dispatch, dispatchAsync, type CallContext } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import type { Logger } from '../../src-main/engine/log';
import { ManualClock } from '../../src-main/engine/clock';

const intelFile = fileURLToPath(new URL('../../../shared/data/threat-intel/blocklists/firehol_feodo.ipset', import.meta.url));
const zeekConn = fileURLToPath(new URL('../fixtures/ingest/zeek-conn-labeled.log', import.meta.url));
const inventoryFile = fileURLToPath(new URL('../fixtures/inventory/fleet-good.json', import.meta.url));

/** A logger under which an unexpected error fails the test instead of passing silently. */
const failingLogger: Logger = { debug() {}, info() {}, warn() {}, error(msg, fields) { throw new Error(`unexpected error log: ${msg} ${JSON.stringify(fields)}`); } };
const cli: CallContext = { actor: { type: 'cli', id: 'tester' }, localFiles: true };
const analyst = { type: 'analyst' as const, id: 'tester' };

let engine: Engine | undefined;
afterEach(() => {
  engine?.close();
  engine = undefined;
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

async function cliRun(dir: string, ...args: string[]) {
  const o = io();
  const code = await runCli([...args, '--data-dir', dir], o.value);
  return { code, out: o.out(), err: o.err() };
}

/** The result parses with the operation's output schema, and holds no top-level field the schema leaves out. */
function matchesOutput(name: OpName, result: unknown): void {
  const schema = operations[name].output as z.ZodObject;
  const parsed = schema.safeParse(result);
  expect(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
  expect(Object.keys(result as object).filter((k) => !(k in schema.shape)), name).toEqual([]);
}

const auditOf = (e: Engine, action: string) => dispatch(e, 'audit.list', { action, limit: 50 }, cli).entries;

describe('file-reading operations', () => {
  it('are the CLI\'s alone: the console (HTTP, IPC) refuses them as forbidden, audits the refusal, and does not list them', async () => {
    engine = Engine.open({ dbPath: ':memory:', log: failingLogger });
    const local = ['ingest.file', 'intel.import', 'inventory.import'];
    for (const [name, input] of [['intel.import', { path: intelFile }], ['inventory.import', { path: inventoryFile }], ['ingest.file', { path: zeekConn }]] as const) {
      const http = await runOp(engine, name, input, { actor: analyst });
      expect(http).toEqual({ ok: false, error: { code: 'forbidden', message: `operation '${name}' reads files on this machine: only the threatmatic CLI may call it`, field: 'operation' } });
      const ipc = await handleIpcCall(engine, { isAppUrl: () => true, actor: analyst }, { senderFrame: { url: 'app://threatmatic/' } }, name, input);
      expect(ipc.ok).toBe(false);
      expect(auditOf(engine, name).map((e) => e.outcome)).toEqual(['denied', 'denied']);
    }
    // Nothing was read: no feed, no device, no ingested file.
    expect(dispatch(engine, 'intel.feeds', {}, cli).feeds).toEqual([]);
    expect(dispatch(engine, 'inventory.listDevices', { limit: 1, offset: 0 }, cli).total).toBe(0);
    expect(dispatch(engine, 'ingest.sources', { limit: 1, offset: 0 }, cli).total).toBe(0);
    const listed = describeOperations().map((o) => o.name);
    for (const name of local) expect(listed).not.toContain(name);
    expect(listed).toEqual(expect.arrayContaining(['keys.create', 'posture.setWeights', 'detect.setSettings', 'audit.export']));
  });
});

describe('operations behind the former CLI-only commands', () => {
  it('answer with the shapes their output schemas declare, on real files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-cli-ops-'));
    engine = Engine.open({ dataDir: dir, log: failingLogger, clock: new ManualClock(Date.parse('2026-05-20T12:00:00Z')) });
    const e = engine;
    matchesOutput('intel.import', dispatch(e, 'intel.import', { path: intelFile, feed: 'feodo' }, cli));
    matchesOutput('inventory.import', dispatch(e, 'inventory.import', { path: inventoryFile }, cli));
    const ingested = await dispatchAsync(e, 'ingest.file', { path: zeekConn, time_base: '2026-05-20T00:00:00Z' }, cli);
    matchesOutput('ingest.file', ingested);
    expect(ingested.events).toBeGreaterThan(0);
    const key = dispatch(e, 'keys.create', { name: 'agent', scopes: ['read'] }, cli);
    matchesOutput('keys.create', key);
    matchesOutput('keys.list', dispatch(e, 'keys.list', {}, cli));
    matchesOutput('keys.revoke', dispatch(e, 'keys.revoke', { key_id: key.key_id }, cli));
    matchesOutput('policy.export', dispatch(e, 'policy.export', { format: 'nftables' }, cli));
    matchesOutput('audit.export', dispatch(e, 'audit.export', {}, cli));
    matchesOutput('simulate.run', dispatch(e, 'simulate.run', { devices: 20, hours: 2, seed: 3, start: '2026-05-19T00:00:00Z', attacks: ['c2-beacon'] }, cli));
    matchesOutput('db.rebuildDerived', await dispatchAsync(e, 'db.rebuildDerived', {}, cli));
    matchesOutput('posture.weights', dispatch(e, 'posture.weights', {}, cli));
    matchesOutput('detect.settings', dispatch(e, 'detect.settings', {}, cli));
  });

  it('refuse bad input by field, and the refusal is in the audit log as for every other operation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-cli-ops-'));
    expect((await cliRun(dir, 'keys', 'create', '--name', 'x', '--scopes', 'reed')).code).toBe(2);
    expect((await cliRun(dir, 'intel', 'import', join(dir, 'missing.txt'))).code).toBe(2);
    expect((await cliRun(dir, 'inventory', 'import', join(dir, 'missing.json'))).code).toBe(2);
    expect((await cliRun(dir, 'ingest', join(dir, 'missing.log'))).code).toBe(2);
    engine = Engine.open({ dataDir: dir, log: failingLogger });
    const refusal = (action: string) => auditOf(engine as Engine, action).map((x) => ({ actor: x.actor_id, outcome: x.outcome, field: (x.detail as { field?: string }).field }));
    expect(refusal('keys.create')).toEqual([{ actor: expect.any(String), outcome: 'error', field: 'scopes' }]);
    expect(refusal('intel.import')).toEqual([{ actor: expect.any(String), outcome: 'error', field: 'file' }]);
    expect(refusal('inventory.import')).toEqual([{ actor: expect.any(String), outcome: 'error', field: 'file' }]);
    expect(refusal('ingest.file')).toEqual([{ actor: expect.any(String), outcome: 'error', field: 'file' }]);
  });

  it('runs an asynchronous operation only through dispatchAsync', async () => {
    engine = Engine.open({ dbPath: ':memory:', log: failingLogger });
    expect(() => dispatch(engine as Engine, 'db.rebuildDerived' as 'system.stats', {}, cli)).toThrow("operation 'db.rebuildDerived' is asynchronous: call it with dispatchAsync");
    await expect(dispatchAsync(engine, 'db.rebuildDerived', {}, cli)).resolves.toMatchObject({ events: 0 });
    // The console's door awaits it too.
    expect(await runOp(engine, 'db.rebuildDerived', {}, { actor: analyst })).toMatchObject({ ok: true, result: { events: 0 } });
  });

  it('exports the audit log a page at a time, up to the head the export started at', () => {
    engine = Engine.open({ dbPath: ':memory:', log: failingLogger });
    const e = engine;
    for (let i = 0; i < 5; i++) dispatch(e, 'keys.create', { name: `k${i}`, scopes: ['read'] }, cli);
    const first = dispatch(e, 'audit.export', { limit: 2 }, cli);
    expect(first.rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(first).toMatchObject({ through_seq: 5, done: false });
    dispatch(e, 'keys.create', { name: 'late', scopes: ['read'] }, cli);
    const second = dispatch(e, 'audit.export', { after_seq: 2, through_seq: first.through_seq, limit: 2 }, cli);
    const third = dispatch(e, 'audit.export', { after_seq: 4, through_seq: first.through_seq, limit: 2 }, cli);
    expect([...second.rows, ...third.rows].map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(third.done).toBe(true);
    expect(first.rows[1].prev_hash).toBe(first.rows[0].hash);
  });
});

describe('threatmatic posture weights', () => {
  it('shows the defaults, sets all four (audited), refuses a bad set naming why, and resets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-weights-'));
    const shown = await cliRun(dir, 'posture', 'weights');
    expect(shown).toMatchObject({ code: 0, out: 'identity 30, behavior 30, policy 25, threat 15 (the defaults)\n' });

    const set = await cliRun(dir, 'posture', 'weights', '--identity', '40', '--behavior', '30', '--policy', '20', '--threat', '10', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toEqual({ weights: { identity: 40, behavior: 30, policy: 20, threat: 10 }, defaults: DEFAULT_POSTURE_WEIGHTS });
    expect((await cliRun(dir, 'posture', 'weights')).out).toBe('identity 40, behavior 30, policy 20, threat 10 (defaults: identity 30, behavior 30, policy 25, threat 15)\n');

    const partial = await cliRun(dir, 'posture', 'weights', '--identity', '50');
    expect(partial.code).toBe(2);
    expect(partial.err).toContain('give all four weights (--identity, --behavior, --policy, --threat), summing to 100; missing --behavior, --policy, --threat');
    const over = await cliRun(dir, 'posture', 'weights', '--identity', '50', '--behavior', '30', '--policy', '20', '--threat', '10');
    expect(over.code).toBe(2);
    expect(over.err).toContain('weights must sum to 100, got 110');
    const negative = await cliRun(dir, 'posture', 'weights', '--identity=-10', '--behavior', '50', '--policy', '50', '--threat', '10', '--json');
    expect(negative.code).toBe(2);
    expect(JSON.parse(negative.out)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'identity' } });

    const reset = await cliRun(dir, 'posture', 'weights', '--reset');
    expect(reset.out).toContain('Posture weights set: identity 30, behavior 30, policy 25, threat 15 (the defaults)');

    engine = Engine.open({ dataDir: dir, log: failingLogger });
    expect(engine.posture.currentWeights).toEqual(DEFAULT_POSTURE_WEIGHTS);
    const entries = auditOf(engine, 'posture.');
    expect(entries.filter((x) => x.action === 'posture.set_weights').map((x) => [x.source, x.outcome, (x.params as { weights: { identity: number } }).weights.identity])).toEqual([['cli', 'ok', 30], ['cli', 'ok', 40]]);
    expect(entries.filter((x) => x.action === 'posture.setWeights').map((x) => x.outcome)).toEqual(['error', 'error']);
  });
});

describe('threatmatic detect', () => {
  it('sets thresholds by dotted name (merged, stored, audited), refuses unknown names and bad values by field, and resets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-detect-'));
    const set = await cliRun(dir, 'detect', 'set', 'lateral.min_hosts=12', 'ioc.include_suspicious=false', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out).overrides).toEqual({ lateral: { min_hosts: 12 }, ioc: { include_suspicious: false } });
    // A second change keeps the first.
    const more = await cliRun(dir, 'detect', 'set', 'c2.min_attempts=10', '--json');
    expect(JSON.parse(more.out).overrides).toEqual({ lateral: { min_hosts: 12 }, ioc: { include_suspicious: false }, c2: { min_attempts: 10 } });
    const shown = await cliRun(dir, 'detect', 'settings');
    expect(shown.out).toMatch(/lateral\.min_hosts\s+12\s+10\n/);
    expect(shown.out).toContain('3 of ');

    const typo = await cliRun(dir, 'detect', 'set', 'lateral.min_host=3');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/settings\.lateral: Unrecognized key: "min_host"/);
    const zero = await cliRun(dir, 'detect', 'set', 'c2.min_attempts=0');
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('settings.c2.min_attempts');
    const word = await cliRun(dir, 'detect', 'set', 'c2.min_attempts=many');
    expect(word).toMatchObject({ code: 2 });
    expect(word.err).toContain("c2.min_attempts: the value must be a number, true or false, got 'many'");
    expect((await cliRun(dir, 'detect', 'set', '__proto__.polluted=1')).code).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    engine = Engine.open({ dataDir: dir, log: failingLogger });
    // A process started afterwards runs with them.
    expect(engine.pipeline.config.lateral.min_hosts).toBe(12);
    expect(engine.pipeline.config.c2.min_attempts).toBe(10);
    expect(auditOf(engine, 'detect.config.set').map((x) => x.params)).toEqual([
      { lateral: { min_hosts: 12 }, ioc: { include_suspicious: false }, c2: { min_attempts: 10 } },
      { lateral: { min_hosts: 12 }, ioc: { include_suspicious: false } },
    ]);
    engine.close();
    engine = undefined;

    const reset = await cliRun(dir, 'detect', 'set', '--reset', 'exfil.z=8', '--json');
    expect(JSON.parse(reset.out).overrides).toEqual({ exfil: { z: 8 } });
  });
});
