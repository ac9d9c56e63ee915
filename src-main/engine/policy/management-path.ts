// The management path of a quarantined device: what it may still reach. Explicit configuration only
// (the management_paths table: a fleet default, overrides per device type and per device; the most
// specific one applies), never inferred from traffic, plus the enforcement point: the hosts of the
// enabled enforcement endpoints, which receive the quarantine and must stay reachable to lift it.
// Every list is screened (management-screen.ts) when it is set and again when a quarantine applies it.
// The one owner of the management_paths table.
import type { EffectivePath, ManagementPath, ManagementScope, ManagementSource } from '@shared/contract/operations/policy-management-paths';
import type { Actor } from '@shared/domain/actor';
import { DEVICE_TYPES } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';
import { invalid, notFound, UserError } from '../errors';
import type { Inventory } from '../inventory/inventory';
import { parseDestination } from './destination';
import type { Dropped, ManagementScreen } from './management-screen';

interface Row { scope: ManagementScope; scope_id: string; destinations: string; updated_at: number; updated_by: string }

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i;

/** A URL's host as a policy destination, or null for a loopback receiver (on the console's own machine, no network address). */
export function endpointHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
  if (LOOPBACK.test(host)) return null;
  const p = parseDestination(host, { ranges: false });
  return 'error' in p ? null : p.value;
}

export class ManagementPaths {
  constructor(private readonly sql: SqlRunner, private readonly inventory: Pick<Inventory, 'getDevice' | 'exists' | 'ids'>, private readonly screen: ManagementScreen, private readonly endpointUrls: () => string[]) {}

  private row(scope: ManagementScope, key: string): Row | undefined {
    return this.sql.get<Row>(sql`SELECT * FROM management_paths WHERE scope = ${scope} AND scope_id = ${key}`, 'managementPaths.get');
  }

  private view(r: Row): ManagementPath {
    return { scope: r.scope, scope_id: r.scope === 'fleet' ? null : r.scope_id, destinations: JSON.parse(r.destinations) as string[], updated_at: r.updated_at ? isoOrNull(r.updated_at) : null, updated_by: { name: null, ...(JSON.parse(r.updated_by) as Actor) } as ManagementPath['updated_by'] };
  }

  list(): ManagementPath[] {
    return this.sql.all<Row>(sql`SELECT * FROM management_paths ORDER BY CASE scope WHEN 'fleet' THEN 0 WHEN 'device_type' THEN 1 ELSE 2 END, scope_id`, 'managementPaths.list').map((r) => this.view(r));
  }

  /** The enforcement point: hosts of the enabled enforcement endpoints (loopback receivers have none). */
  enforcementPoint(): string[] {
    return [...new Set(this.endpointUrls().map(endpointHost).filter((h): h is string => h !== null))];
  }

  /** Checks a scope and its id; returns the key part and the devices whose open anomalies screen the list. */
  checkScope(scope: ManagementScope, scopeId: string | undefined): { key: string; devices: string[] | null } {
    const id = scopeId?.trim() ?? '';
    if (scope === 'fleet') {
      if (id) throw invalid('scope_id', `only applies to scope device_type or device (scope is fleet), got '${id}'`);
      return { key: '', devices: null };
    }
    if (!id) throw invalid('scope_id', `required for scope ${scope}`);
    if (scope === 'device_type') {
      if (!(DEVICE_TYPES as readonly string[]).includes(id)) throw invalid('scope_id', `'${id}' is not a device type (${DEVICE_TYPES.join(', ')})`);
      return { key: id, devices: this.inventory.ids('device', id) };
    }
    if (!this.inventory.exists('device', id)) throw notFound('device', id);
    return { key: id, devices: [id] };
  }

  /**
   * Validates, screens and stores a list (null clears it). A destination that fails screening refuses
   * the whole call, naming each one and why. Call inside the audited transaction.
   */
  set(scope: ManagementScope, scopeId: string | undefined, destinations: readonly string[] | null, actor: Actor, now: number): { scope_id: string | null; destinations: string[] | null; changed: boolean } {
    const { key, devices } = this.checkScope(scope, scopeId);
    const before = this.row(scope, key);
    if (destinations === null) {
      if (before) this.sql.run(sql`DELETE FROM management_paths WHERE scope = ${scope} AND scope_id = ${key}`, 'managementPaths.clear');
      return { scope_id: key || null, destinations: null, changed: before !== undefined };
    }
    const canonical = [...new Set(destinations.map((d, i) => {
      const p = parseDestination(d);
      if ('error' in p) throw invalid(`destinations[${i}]`, p.error);
      return p.value;
    }))];
    const { dropped } = this.screen.screen(canonical, devices);
    if (dropped.length) {
      const first = canonical.indexOf(dropped[0].destination);
      throw new UserError('invalid_input', dropped.map((d) => `destinations[${canonical.indexOf(d.destination)}]: '${d.destination}' cannot be on a management path: ${d.reason}`).join('; '), `destinations[${first}]`);
    }
    const json = JSON.stringify(canonical);
    if (before?.destinations === json) return { scope_id: key || null, destinations: canonical, changed: false };
    const by = JSON.stringify({ type: actor.type, id: actor.id, name: actor.name ?? null });
    this.sql.run(sql`INSERT INTO management_paths (scope, scope_id, destinations, updated_at, updated_by) VALUES (${scope}, ${key}, ${json}, ${now}, ${by})
      ON CONFLICT(scope, scope_id) DO UPDATE SET destinations = excluded.destinations, updated_at = excluded.updated_at, updated_by = excluded.updated_by`, 'managementPaths.put');
    return { scope_id: key || null, destinations: canonical, changed: true };
  }

  /** The path a quarantine of the device applies now: the most specific configured list, screened, plus the enforcement point. */
  resolve(deviceId: string): EffectivePath {
    const device = this.inventory.getDevice(deviceId);
    if (!device) throw notFound('device', deviceId);
    const row = this.row('device', deviceId) ?? this.row('device_type', device.device_type) ?? this.row('fleet', '');
    const configured = row ? (JSON.parse(row.destinations) as string[]) : [];
    const point = this.enforcementPoint();
    const { kept, dropped } = this.screen.screen([...new Set([...configured, ...point])], [deviceId]);
    const source: ManagementSource = row?.scope ?? 'enforcement_point';
    return { device_id: deviceId, device_type: device.device_type, source, destinations: kept, enforcement_point: point.filter((p) => kept.includes(p)), dropped: dropped as Dropped[] };
  }
}
