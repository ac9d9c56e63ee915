// What an incident is: related anomalies grouped under one title and severity, with the entities and
// indicators involved, a timeline of what happened and what was done, and how it ended.
import { INCIDENT_ROLES, TIMELINE_KINDS } from '@shared/contract/operations/incidents-schemas';
import type { Actor } from '@shared/domain/actor';
import type { AnomalyType, EntityType, IncidentStatus, Severity } from '@shared/domain/enums';
import type { Anomaly } from '../anomalies/types';

/** source: the entity a lateral movement started from; affected: has member anomalies; target: reached by a source, no anomaly of its own (yet). */
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** One entity of an incident, as stored (epoch ms: activity is DATA time, from the member anomalies). */
export interface EntitySummary {
  entity_type: EntityType;
  entity_id: string;
  role: IncidentRole;
  anomaly_count: number;
  anomaly_types: AnomalyType[];
  first_activity_at: number;
  last_activity_at: number;
}

/** What the member anomalies add up to: recomputed whenever membership changes. */
export interface IncidentSummary {
  title: string;
  severity: Severity;
  entities: EntitySummary[];
  indicators: string[];
}

interface IncidentEntity extends Omit<EntitySummary, 'first_activity_at' | 'last_activity_at'> {
  first_activity_at: string;
  last_activity_at: string;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  resolution: string | null;
  anomaly_count: number;
  first_activity_at: string | null;
  last_activity_at: string | null;
  entities: IncidentEntity[];
  indicators: string[];
}

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  ts: string;
  kind: TimelineKind;
  /** The anomaly, merged incident or actor the entry is about. */
  ref: string | null;
  summary: string;
}

export interface IncidentDetail extends Incident {
  timeline: TimelineEntry[];
  anomalies: Anomaly[];
}

/** What a close hook is told; it runs inside the close transaction, so a failure cancels the close. */
interface CloseContext {
  incident: IncidentDetail;
  release_quarantined_devices: boolean;
  actor: Actor;
}
/** Runs when an incident closes (e.g. the policy engine releasing devices isolated during it); returns what it did, for the timeline. */
export type CloseHook = (ctx: CloseContext) => readonly string[] | void;

/** The grouping windows, in ms of data time (see docs/incidents.md). */
export interface GroupingConfig {
  /** Anomalies on the same entity within this long of the incident's activity there join it. */
  entity_window_ms: number;
  /** Anomalies sharing an indicator or destination with an incident active within this long join it. */
  indicator_window_ms: number;
  /** Anomalies on a host a lateral movement reached, up to this long after, join the movement's incident. */
  spread_window_ms: number;
  /** How long before the reach an anomaly on a reached host may start and still count as spread. */
  spread_lead_ms: number;
  /**
   * Anomalies one incident holds at most. A full incident takes no more members (a matching anomaly opens
   * the next incident) and is not merged past it: a case of thousands of anomalies helps no analyst, and
   * keeping every incident bounded keeps grouping linear when a feed update makes half the fleet match.
   */
  max_members: number;
}

const HOUR = 3_600_000;
export const DEFAULT_GROUPING: GroupingConfig = { entity_window_ms: 24 * HOUR, indicator_window_ms: 7 * 24 * HOUR, spread_window_ms: 24 * HOUR, spread_lead_ms: HOUR, max_members: 150 };
