// What a fault-injection run compares with a clean sequential one: every table derived from events
// (hourly roll-ups, destinations, baselines with their running state, DNS names, firmware judged) and
// the anomalies the detectors raised. Read straight from the database file, in a stable order.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';

export const CLI = new URL('../../out/main/cli.js', import.meta.url).pathname;

export interface DerivedSnapshot {
  hourly: unknown[][];
  destinations: unknown[][];
  baselines: unknown[][];
  dnsNames: unknown[][];
  firmware: unknown[][];
  anomalies: unknown[][];
  events: number;
}

export function snapshot(dbPath: string): DerivedSnapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string) => db.prepare(sql).raw().all() as unknown[][];
    return {
      hourly: all('SELECT * FROM entity_hourly ORDER BY entity_id, hour'),
      destinations: all('SELECT * FROM entity_destinations ORDER BY entity_id, destination, port'),
      // updated_at is the wall-clock time of the write, not derived from events.
      baselines: all(`SELECT entity_id, entity_type, first_data_at, last_data_at, established, established_at, hours_observed, avg_connections_per_hour,
        stddev_connections_per_hour, avg_bytes_out_per_hour, max_bytes_out_per_hour, active_hours, ports, avg_heartbeat_interval_s, deviation_score, stats
        FROM baselines ORDER BY entity_id`),
      dnsNames: all('SELECT * FROM dns_names ORDER BY ip'),
      firmware: all('SELECT * FROM device_firmware_judged ORDER BY device_id'),
      anomalies: all('SELECT type, entity_type, entity_id, dedupe_key, status, severity FROM anomalies ORDER BY dedupe_key, type'),
      events: db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

export interface CliRun { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Starts the built CLI; `done` resolves when it exits. */
export function cli(args: string[], env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** lines_done of the (only) source, 0 while the database or its first commit does not exist yet. */
export function linesDone(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT MAX(lines_done) FROM ingest_sources').pluck().get() as number | null) ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
