// Inventory import from JSON and CSV: good records upserted in one audited transaction, every bad one
// reported with its index or line and field, exact messages, and the CLI's exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { Engine } from '../../../src-main/engine/engine';
import { importInventoryFile } from '../../../src-main/engine/inventory/import-inventory';
import { testLogger } from '../../support/test-logger';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/inventory/${name}`, import.meta.url));
const actor = { type: 'cli' as const, id: 'tester' };
const messages = (r: { rejected: { message: string }[] }) => r.rejected.map((x) => x.message);

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tm-inv-')), name);
  writeFileSync(path, text);
  return path;
}

function auditActions(engine: Engine): { action: string; params: string; detail: string | null }[] {
  // The posture rescoring an import triggers is the posture system's own audited run, not the import's.
  return engine.db.prepare("SELECT action, params, detail FROM audit_log WHERE action <> 'posture.recompute' ORDER BY seq").all() as { action: string; params: string; detail: string | null }[];
}

describe('importInventoryFile', () => {
  let engine: Engine;
  beforeEach(() => { engine = Engine.open({ dbPath: ':memory:', log: testLogger }); });
  afterEach(() => engine.close());

  it('imports a good JSON file: every kind, defaults applied, IPv6 canonical, one audit entry', () => {
    const r = importInventoryFile(engine, fixture('fleet-good.json'), { actor });
    expect(r).toMatchObject({ format: 'json', devices: 3, users: 2, workloads: 2, rejected: [], warnings: [] });
    const cam = engine.inventory.getDevice('dev_camera_floor3_east')!;
    expect(cam).toMatchObject({ manufacturer: 'Axis', firmware_version: '11.8.93', trust_level: 'verified', ip_addresses: ['10.0.2.41'], enrolled_at: '2025-11-04T14:22:00.000Z' });
    const hvac = engine.inventory.getDevice('dev_sensor_hvac_b2')!;
    expect(hvac.firmware_status).toBe('eol');
    expect(hvac.ip_addresses.sort()).toEqual(['10.0.3.22', 'fd00:0:0:3::22']);
    // Defaults from the schema: firmware_status current, trust unverified.
    expect(engine.inventory.getDevice('dev_workstation_sarah_k')).toMatchObject({ firmware_status: 'current', trust_level: 'unverified', owner: 'sarah.k@acmecorp.com' });
    expect(engine.inventory.getUser('omar.c@acmecorp.com')).toMatchObject({ enabled: false, mfa_enrolled: false, groups: [] });
    expect(engine.inventory.getWorkload('wl_fn_invoice_ocr_01')).toMatchObject({ kind: 'cloud_function', ip_addresses: [] });
    expect(engine.inventory.entityForIp('10.10.30.22')).toEqual({ type: 'workload', id: 'wl_ctr_payments_api_7f9c2' });
    const audit = auditActions(engine);
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe('inventory.import');
    expect(JSON.parse(audit[0].detail!)).toEqual({ devices: 3, users: 2, workloads: 2, rejected: 0 });
  });

  it('keeps the good records of a bad JSON file and names index, field and value of every problem', () => {
    const r = importInventoryFile(engine, fixture('fleet-bad.json'), { actor });
    expect(r).toMatchObject({ devices: 2, users: 1, workloads: 0 });
    expect(messages(r)).toEqual([
      "devices[2].device_type: expected one of ip_camera|hvac_sensor|environmental_sensor|badge_reader|printer|workstation|laptop|server|network_switch|access_point|phone|other, got 'toaster'",
      "devices[3].firmware_status: expected one of current|outdated|eol, got 'old'",
      "devices[4].ip_addresses[1]: '10.0.0.300' is not an IP address",
      'devices[5].device_id: is required',
      "devices[6]: expected a record object, got 'dev_switch_floor1_idf1'",
      "devices[7].enrolled_at: must be an ISO 8601 timestamp, got 'last tuesday'",
      "users[0].mfa_enrolled: expected boolean, got 'yes'",
      "users[1].home_country: must have exactly 2 characters, got 'USA'",
      'workloads: expected a list of records, got an object',
    ]);
    expect(r.rejected[1]).toMatchObject({ where: 'devices[3]', field: 'firmware_status', reason: "expected one of current|outdated|eol, got 'old'" });
    expect(r.warnings).toEqual(["unknown top-level key 'sites' ignored (expected devices, users, workloads)", "devices: unknown field 'hostname' ignored (1 record)"]);
    expect(engine.inventory.getDevice('dev_camera_parking_07')!.firmware_status).toBe('eol');
    expect(engine.inventory.getDevice('dev_printer_floor2_01')).toBeDefined();
    expect(engine.inventory.getDevice('dev_sensor_env_b1')).toBeUndefined(); // one bad address rejects the record
    expect(engine.inventory.getUser('david.n@acmecorp.com')).toBeDefined();
    expect(JSON.parse(auditActions(engine)[0].detail!)).toEqual({ devices: 2, users: 1, workloads: 0, rejected: 9 });
  });

  it('imports CSV with ; and | lists, reports bad cells and rows by line, and warns about unknown columns', () => {
    const r = importInventoryFile(engine, fixture('devices.csv'), { actor });
    expect(r).toMatchObject({ format: 'csv', devices: 3, users: 0, workloads: 0 });
    expect(messages(r)).toEqual([
      "line 5: ip_addresses: '10.0.0.300' is not an IP address",
      "line 6: firmware_status: expected one of current|outdated|eol, got 'old'",
      "line 7: trust_level: expected one of verified|unverified|untrusted, got 'trusted'",
      'line 8: has 12 fields but the header has 11',
      'line 9: device_id: is required',
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^line 1: unknown column 'colour' ignored/);
    expect(engine.inventory.getDevice('dev_camera_floor1_north')!.ip_addresses.sort()).toEqual(['10.0.2.30', '10.0.2.31']);
    expect(engine.inventory.getDevice('dev_sensor_hvac_roof_1')!.ip_addresses.sort()).toEqual(['10.0.3.30', '10.0.3.31']);
    expect(engine.inventory.getDevice('dev_camera_floor1_south')).toMatchObject({ firmware_status: 'eol', enrolled_at: null, trust_level: 'unverified' });
  });

  it('parses CSV booleans (true/false/yes/no/1/0) and quoted cells, and rejects anything else', () => {
    const r = importInventoryFile(engine, fixture('users.csv'), { actor });
    expect(r.users).toBe(3);
    expect(messages(r)).toEqual(["line 4: mfa_enrolled: expected true/false/yes/no/1/0, got 'maybe'"]);
    expect(engine.inventory.getUser('omar.c@acmecorp.com')).toMatchObject({ display_name: 'Costa, Omar', mfa_enrolled: false, enabled: true, groups: ['all-staff', 'dept-marketing', 'project-atlas'] });
    expect(engine.inventory.getUser('priya.p@acmecorp.com')).toMatchObject({ mfa_enrolled: true, enabled: false, groups: [] });
  });

  it('infers the kind of each bare-array record from its id field, or takes --kind', () => {
    const mixed = importInventoryFile(engine, fixture('mixed-array.json'), { actor });
    expect(mixed).toMatchObject({ devices: 1, users: 1, workloads: 1 });
    expect(messages(mixed)).toEqual([
      '[3]: cannot tell whether this is a device, user or workload: it has none of device_id, user_id, workload_id (use --kind)',
      '[4]: cannot tell whether this is a device, user or workload: it has device_id and user_id (use --kind)',
    ]);
    const wl = importInventoryFile(engine, fixture('workloads-array.json'), { actor, kind: 'workload' });
    expect(wl.workloads).toBe(2);
    expect(messages(wl)).toEqual(["[2].kind: expected one of server|container|vm|cloud_function, got 'bare_metal'"]);
    // Forcing the wrong kind names the missing id field instead of guessing.
    const forced = importInventoryFile(engine, fixture('workloads-array.json'), { actor, kind: 'device' });
    expect(forced.devices).toBe(0);
    expect(messages(forced)[0]).toBe('[0].device_id: is required');
  });

  it('upserts: a second import updates the records instead of duplicating them', () => {
    importInventoryFile(engine, fixture('fleet-good.json'), { actor });
    const path = tempFile('update.csv', 'device_id,device_type,firmware_version,firmware_status,ip_addresses\ndev_camera_floor3_east,ip_camera,9.80.3.8,eol,10.0.2.99\n');
    expect(importInventoryFile(engine, path, { actor }).devices).toBe(1);
    expect(engine.inventory.listDevices({ limit: 100, offset: 0 }).total).toBe(3);
    expect(engine.inventory.getDevice('dev_camera_floor3_east')).toMatchObject({ firmware_version: '9.80.3.8', firmware_status: 'eol', ip_addresses: ['10.0.2.99'] });
    expect(engine.inventory.entityForIp('10.0.2.41')).toBeUndefined();
    expect(auditActions(engine).map((a) => a.action)).toEqual(['inventory.import', 'inventory.import']);
  });

  it('warns about duplicate ids and shared addresses; the later record wins', () => {
    const path = tempFile('dupes.json', JSON.stringify({ devices: [
      { device_id: 'dev_a', device_type: 'other', ip_addresses: ['10.9.9.9'], name: 'first' },
      { device_id: 'dev_b', device_type: 'other', ip_addresses: ['10.9.9.9'] },
      { device_id: 'dev_a', device_type: 'other', name: 'second' },
    ] }));
    const r = importInventoryFile(engine, path, { actor });
    expect(r.warnings).toEqual([
      "devices[1]: ip address 10.9.9.9 is also listed for 'dev_a' in this file; telemetry from it is attributed to the last one",
      "devices[2]: device_id 'dev_a' appears again (first at devices[0]); the later record wins",
    ]);
    expect(engine.inventory.getDevice('dev_a')!.name).toBe('second');
  });

  it('an address taken by another device stays with it when its first owner is imported again with other addresses', () => {
    const file = (name: string, devices: object[]) => tempFile(name, JSON.stringify({ devices }));
    importInventoryFile(engine, file('a.json', [{ device_id: 'dev_a', device_type: 'other', ip_addresses: ['10.9.9.9', '10.9.9.10'] }]), { actor });
    importInventoryFile(engine, file('b.json', [{ device_id: 'dev_b', device_type: 'other', ip_addresses: ['10.9.9.9'] }]), { actor });
    expect(engine.inventory.entityForIp('10.9.9.9')).toEqual({ type: 'device', id: 'dev_b' });
    importInventoryFile(engine, file('a2.json', [{ device_id: 'dev_a', device_type: 'other', ip_addresses: ['10.9.9.11'] }]), { actor });
    expect(engine.inventory.entityForIp('10.9.9.9')).toEqual({ type: 'device', id: 'dev_b' });
    expect(engine.inventory.entityForIp('10.9.9.10')).toBeUndefined();
    expect(engine.inventory.entityForIp('10.9.9.11')).toEqual({ type: 'device', id: 'dev_a' });
    // A process that opens the database now attributes the same way.
    engine.inventory.reloadAttribution();
    expect(['10.9.9.9', '10.9.9.10', '10.9.9.11'].map((ip) => engine.inventory.entityForIp(ip)?.id)).toEqual(['dev_b', undefined, 'dev_a']);
  });

  it('refuses what it cannot read with a message naming the file, and writes nothing', () => {
    const missing = join(tmpdir(), 'tm-no-such-dir', 'devices.json');
    expect(() => importInventoryFile(engine, missing, { actor })).toThrow(`cannot read inventory file '${missing}': ENOENT`);
    const broken = tempFile('broken.json', '{ "devices": [ { "device_id": ');
    expect(() => importInventoryFile(engine, broken, { actor })).toThrow(new RegExp(`^'${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not valid JSON`));
    const noId = tempFile('things.csv', 'name,ip\nfoo,10.0.0.1\n');
    expect(() => importInventoryFile(engine, noId, { actor })).toThrow(/cannot tell the record kind from the header: it needs a device_id, user_id or workload_id column \(header: name, ip\)/);
    expect(() => importInventoryFile(engine, fixture('users.csv'), { actor, kind: 'device' })).toThrow(/--kind device needs a device_id column/);
    expect(() => importInventoryFile(engine, fixture('users.csv'), { actor, kind: 'printer' })).toThrow("--kind must be one of device, user, workload, got 'printer'");
    expect(auditActions(engine)).toHaveLength(0);
  });

  it('keeps the rows before an unterminated quote and reports where it began', () => {
    const path = tempFile('cut.csv', 'user_id,display_name\nann.b@acmecorp.com,Ann\nbob.c@acmecorp.com,"Bob\nrest of the file\n');
    const r = importInventoryFile(engine, path, { actor });
    expect(r.users).toBe(1);
    expect(messages(r)).toEqual(['line 3: unterminated quoted field']);
  });
});

describe('threatmatic inventory import', () => {
  function io(env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env };
    return { value, out: () => out.join(''), err: () => err.join('') };
  }
  const env = () => ({ THREATMATIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tm-inv-cli-')) });

  it('imports, lists rejects, and exits 0 when something was valid', async () => {
    const a = io(env());
    expect(await runCli(['inventory', 'import', fixture('devices.csv')], a.value)).toBe(0);
    expect(a.out()).toMatch(/devices\s+3/);
    expect(a.out()).toContain("line 5: ip_addresses: '10.0.0.300' is not an IP address");
    const b = io(env());
    expect(await runCli(['inventory', 'import', fixture('fleet-good.json'), '--json'], b.value)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ devices: 3, users: 2, workloads: 2, rejected: [] });
  });

  it('exits 2 naming the file when nothing was valid or it cannot be read', async () => {
    const bad = tempFile('all-bad.json', JSON.stringify([{ device_id: 'x', device_type: 'toaster' }]));
    const a = io(env());
    expect(await runCli(['inventory', 'import', bad], a.value)).toBe(2);
    expect(a.out()).toContain("[0].device_type: expected one of ip_camera|");
    expect(a.err()).toContain(`no valid records in '${bad}'`);
    const b = io(env());
    expect(await runCli(['inventory', 'import', '/nonexistent/inventory.csv'], b.value)).toBe(2);
    expect(b.err()).toContain("cannot read inventory file '/nonexistent/inventory.csv': ENOENT");
  });
});
