// Every table's SQL lives in the domain that owns it (docs/architecture.md: "each table is read and
// written by one store in its domain folder; other domains call that store's methods"). The tables come
// from the real schema (every migration applied); each SQL use (FROM, JOIN, INTO, UPDATE, TABLE followed
// by the table's name) in src-main is located by file, and its folder compared with the declared owner.
// A table not declared here must be used from one domain folder only, so a new domain's table passes
// without an edit while a second domain reaching into it fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';

const ROOT = join(import.meta.dirname, '../../..');
const ENGINE = 'src-main/engine/';

/** Table → the engine domain folder whose stores alone may hold its SQL. */
const OWNERS: Record<string, string> = {
  events: 'ingest', entity_events: 'ingest', entity_events_mark: 'ingest', intel_hits: 'ingest', ingest_sources: 'ingest', rejects: 'ingest',
  baselines: 'baseline', entity_hourly: 'baseline', entity_destinations: 'baseline', entity_learned: 'baseline', derived_journal: 'baseline', dns_names: 'baseline', dns_learned: 'baseline',
  derived_state: 'pipeline', device_firmware_judged: 'pipeline',
  policies: 'policy', policy_versions: 'policy', policy_violations: 'policy', device_isolations: 'policy', management_paths: 'policy',
  devices: 'inventory', users: 'inventory', workloads: 'inventory', entity_ips: 'inventory', user_devices: 'inventory',
  indicators: 'intel', indicator_sources: 'intel', intel_feeds: 'intel',
  anomalies: 'anomalies', incidents: 'incidents', incident_timeline: 'incidents',
  posture: 'posture', posture_history: 'posture',
  audit_log: 'audit', event_log: 'events', settings: 'settings', sim_labels: 'simulate',
  api_keys: 'keys', approvals: 'approvals', enforcement_deliveries: 'enforcement', enforcement_endpoints: 'enforcement',
  retention_settings: 'retention', retention_horizons: 'retention',
};

function schemaTables(): string[] {
  const db = new Database(':memory:');
  try {
    migrate(db, MIGRATIONS);
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(`${ENGINE}db/migrations/`));
}

/** Files of src-main whose SQL names `table` (SQL keywords are upper case in this code base). */
function usesOf(table: string, files: ReadonlyMap<string, string>): string[] {
  const re = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+${table}\\b`);
  return [...files].filter(([, text]) => re.test(text)).map(([f]) => f).sort();
}

/** The engine domain folder of a file (`src-main/engine/<domain>/…`), or the file itself outside any domain. */
const domainOf = (file: string) => (file.startsWith(ENGINE) && file.slice(ENGINE.length).includes('/') ? file.slice(ENGINE.length).split('/')[0] : file);

describe('one owner per table', () => {
  const tables = schemaTables();
  const files = new Map(sourceFiles('src-main').map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

  it('finds the SQL it checks (the scan is not blind)', () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(usesOf('events', files)).toContain(`${ENGINE}ingest/telemetry-store.ts`);
    expect(usesOf('policy_violations', files)).toContain(`${ENGINE}policy/policy-store.ts`);
  });

  it('declares owners only for tables the schema has', () => {
    expect(Object.keys(OWNERS).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it("keeps every table's SQL in its owning domain", () => {
    const outside: string[] = [];
    for (const table of tables) {
      const uses = usesOf(table, files);
      const owner = OWNERS[table] ?? (uses.length ? domainOf(uses[0]) : undefined);
      for (const f of uses) if (domainOf(f) !== owner) outside.push(`${table} (owner ${owner}) used in ${f}`);
    }
    expect(outside).toEqual([]);
  });
});
