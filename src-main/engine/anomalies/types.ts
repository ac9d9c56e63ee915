// What a detector reports (a Finding) and what the anomaly store returns (an Anomaly, as list_anomalies shows it).
import type { AnomalyStatus, AnomalyType, EntityType, RecommendedAction, Severity } from '@shared/domain/enums';

export interface Finding {
  entity_type: EntityType;
  entity_id: string;
  type: AnomalyType;
  severity: Severity;
  /** 0–1. */
  confidence: number;
  /** DATA time of the detection (epoch ms). */
  detected_at: number;
  /** DATA time of the latest evidence, when later than detected_at (default: detected_at). */
  last_seen_at?: number;
  description: string;
  recommended_action: RecommendedAction;
  observed_destinations: string[];
  /** Counts, window, sample destinations, event ids: what an analyst needs to check the finding. */
  evidence: Record<string, unknown>;
  /** What makes a repeat the same anomaly; defaults to entity + type. */
  dedupe_key?: string;
}

export interface Anomaly {
  id: string;
  entity_type: EntityType;
  entity_id: string;
  type: AnomalyType;
  severity: Severity;
  confidence: number;
  detected_at: string;
  last_seen_at: string;
  occurrences: number;
  description: string;
  recommended_action: RecommendedAction;
  observed_destinations: string[];
  evidence: Record<string, unknown>;
  status: AnomalyStatus;
  status_reason: string | null;
  status_changed_at: string | null;
  incident_id: string | null;
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}
