// What grouping reads off one anomaly: its entity key, the indicators it shares with others, the hosts
// a lateral movement reached, and whether it is serious enough to open an incident.
import type { EntityType } from '@shared/domain/enums';
import { SEVERITY_RANK, type Anomaly } from '../anomalies/types';
import type { EntityRef } from '../inventory/inventory';

/** Turns an address a detector saw into the entity behind it (unmanaged hosts are named by their address). */
export type ResolveAddress = (ip: string) => EntityRef | undefined;

export const entityKey = (type: EntityType, id: string) => `${type}:${id}`;
/**
 * Anomalies of severity medium or above, and any ioc_contact, open incidents; low ones only join an
 * incident that already covers their entity, destination or spread (they are context, not a case).
 */
export function opensIncident(a: Pick<Anomaly, 'type' | 'severity'>): boolean {
  return a.type === 'ioc_contact' || SEVERITY_RANK[a.severity] >= SEVERITY_RANK.medium;
}

/**
 * What an anomaly shares with others: the indicator threat intel matched, the destinations it saw
 * (a C2 server, an exfiltration target, a new external endpoint), the CVE it is exposed to, or the
 * end-of-life firmware it runs. A lateral movement's destinations are the hosts it reached: targets, not indicators.
 */
export function indicatorsOf(a: Pick<Anomaly, 'type' | 'observed_destinations' | 'evidence'>): string[] {
  if (a.type === 'lateral_movement_attempt') return [];
  const out = new Set<string>();
  const ev = a.evidence;
  if (typeof ev.indicator === 'string') out.add(ev.indicator);
  if (typeof ev.cve === 'string') out.add(ev.cve);
  if (a.type === 'firmware_eol') {
    const fw = [ev.manufacturer, ev.model, ev.firmware_version].filter((v) => typeof v === 'string' && v).join(' ');
    if (fw) out.add(`${fw} (end-of-life firmware)`);
  }
  for (const d of a.observed_destinations) out.add(d);
  return [...out];
}

/** The hosts a lateral movement reached, as entities (itself excluded). */
export function targetsOf(a: Pick<Anomaly, 'type' | 'entity_type' | 'entity_id' | 'observed_destinations'>, resolve: ResolveAddress): EntityRef[] {
  if (a.type !== 'lateral_movement_attempt') return [];
  const seen = new Map<string, EntityRef>();
  for (const ip of a.observed_destinations) {
    const ref = resolve(ip) ?? { type: 'device' as const, id: ip };
    if (ref.type === a.entity_type && ref.id === a.entity_id) continue;
    seen.set(entityKey(ref.type, ref.id), ref);
  }
  return [...seen.values()];
}
