// How long each kind of data is kept unless an operator says otherwise, and why. A security product keeps
// evidence long enough to investigate an intrusion found late, while the raw telemetry (the bulk of the
// database) is kept only as long as an investigation needs it row by row; what is derived from it keeps
// the long view at a fraction of the size.
import type { RetentionKind } from '@shared/contract/operations/retention';

export const DEFAULT_RETENTION_DAYS: Record<RetentionKind, number | null> = {
  // Raw telemetry, nearly all of the database: 30 days covers reconstructing an incident from its first
  // event (intrusions are typically found within weeks) and re-deriving roll-ups after a repair; baselines
  // keep their own statistics, so they do not need older rows.
  events: 30,
  // Contact with known-bad infrastructure is the evidence an investigation starts from, and it is rare
  // (a few rows per thousand events): a year, so an indicator published months after the contact still
  // has its hit to point at.
  intel_hits: 365,
  // One small row per entity and hour: a year and a month, so a yearly review (and most audit regimes'
  // twelve months) can compare a month with the same month a year ago.
  hourly_rollups: 400,
  // Anomalies, incidents, posture and policy changes as they happened: kept as long as the roll-ups.
  event_log: 400,
  // Lines refused at ingest: for fixing a feed, useless once it is fixed.
  rejects: 30,
  // What agents report (runs, model and tool calls): like raw telemetry, the bulk of the AI side, kept as
  // long as an investigation of an agent's behaviour needs it call by call.
  agent_events: 30,
};

export const RETENTION_WHAT: Record<RetentionKind, string> = {
  events: 'raw telemetry events, by their data time',
  intel_hits: 'telemetry that matched threat intel, by data time',
  hourly_rollups: 'per-entity hourly roll-ups, by the hour they count',
  event_log: 'the event log (anomalies, incidents, posture and policy changes), by event time',
  rejects: 'lines refused at ingest, by when they were refused',
  agent_events: 'what AI agents reported (runs, LLM and tool calls), by when it happened',
};
