// runSimulation: puts a simulated fleet into the database: inventory (audited), the demo C2 indicators,
// the telemetry through the normal ingest path, and the ground-truth labels (audited).
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine';
import type { IngestSummary } from '../ingest/ingestor';
import { mergeClaimedDevices } from '../inventory/merge-discovered';
import { labelView, storeLabels, type LabelView } from './labels';
import { resolveSimulationOptions, simulationKey, type FieldName, type SimulationInput, type SimulationOptions } from './options';
import { buildScenario, scenarioEvents, type Scenario, type SimulationProgress } from './scenario';

/** The intel feed the simulator registers its attacker infrastructure in: clearly not a real feed. */
export const DEMO_FEED = 'threatmatic-demo';

export interface SimulationSummary {
  seed: number;
  start: string;
  end: string;
  hours: number;
  devices: number;
  users: number;
  workloads: number;
  events: number;
  events_per_device_hour: number;
  attacks: LabelView[];
  /** Attacker indicators registered in the threatmatic-demo feed (database runs) or listed in labels.json (--out). */
  indicators: string[];
  source_key: string;
  /** Database runs: what the ingest did ('already_ingested' when this exact simulation was loaded before). */
  ingest?: Pick<IngestSummary, 'source_id' | 'status' | 'events' | 'rejects' | 'intel_hits'>;
  labels_added?: number;
  /** --out runs: the files written. */
  files?: string[];
  seconds: number;
}

export function summarize(s: Scenario, events: number, seconds: number): SimulationSummary {
  const o = s.options;
  return {
    seed: o.seed, start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString(), hours: o.hours,
    devices: s.inventory.devices.length, users: s.inventory.users.length, workloads: s.inventory.workloads.length, events,
    events_per_device_hour: Math.round((events / (o.devices * o.hours)) * 10) / 10, attacks: s.plan.labels.map(labelView),
    indicators: s.plan.indicators.map((i) => i.value), source_key: simulationKey(o), seconds: Math.round(seconds * 100) / 100,
  };
}

export interface RunOptions {
  actor: Actor;
  onProgress?: (p: SimulationProgress) => void;
  /** How option names are shown in errors (the CLI shows --flags). */
  fieldName?: FieldName;
}

export function runSimulation(engine: Engine, input: SimulationInput | SimulationOptions, run: RunOptions): SimulationSummary {
  const started = performance.now();
  const options = 'end' in input ? input : resolveSimulationOptions(input, engine.clock, run.fieldName);
  const scenario = buildScenario(options);
  const sourceKey = simulationKey(options);
  const { devices, users, workloads } = scenario.inventory;

  run.onProgress?.({ phase: 'inventory', events: 0, hours_done: 0, hours_total: options.hours });
  engine.db.transaction(() => {
    for (const d of devices) engine.inventory.upsertDevice(d);
    for (const u of users) engine.inventory.upsertUser(u);
    for (const w of workloads) engine.inventory.upsertWorkload(w);
    mergeClaimedDevices(engine, run.actor);
    engine.audit.append({
      actor: run.actor, action: 'simulate.inventory', params: { source_key: sourceKey }, outcome: 'ok',
      detail: { devices: devices.length, users: users.length, workloads: workloads.length },
    });
  }).immediate();

  // Register the attacker infrastructure before the telemetry arrives, so ingest matches it like any feed.
  if (scenario.plan.indicators.length > 0) engine.intel.importIndicators(scenario.plan.indicators, { feed: DEMO_FEED, format: 'demo', actor: run.actor });

  const ingest = engine.ingest.ingestEvents(scenarioEvents(scenario, run.onProgress), {
    actor: run.actor, sourceKey, label: `simulation seed ${options.seed}: ${options.devices} devices, ${options.hours} h from ${new Date(options.start).toISOString()}`,
  });

  run.onProgress?.({ phase: 'labels', events: ingest.events, hours_done: options.hours, hours_total: options.hours });
  const labelsAdded = engine.db.transaction(() => {
    const added = storeLabels(engine.sql, scenario.plan.labels);
    if (added > 0) engine.audit.append({ actor: run.actor, action: 'simulate.labels', params: { source_key: sourceKey }, outcome: 'ok', detail: { added, attacks: scenario.plan.labels.map((l) => l.attack) } });
    return added;
  }).immediate();

  return {
    ...summarize(scenario, ingest.events, (performance.now() - started) / 1000),
    ingest: { source_id: ingest.source_id, status: ingest.status, events: ingest.events, rejects: ingest.rejects, intel_hits: ingest.intel_hits },
    labels_added: labelsAdded,
  };
}
