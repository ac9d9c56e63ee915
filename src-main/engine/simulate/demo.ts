// The demo fleet an empty database is seeded with: 300 devices over 8 days (7 for baselines to settle, then
// all five attacks in the last day), fixed seed, ending at the clock's now; registered as live, so the
// processes that host the console keep its fleet reporting (live-demo.ts). An AI fleet of agents and MCP
// servers comes with it (ai-fleet.ts).
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine';
import { ATTACKS } from './attacks/types';
import { dispatch } from '../dispatch';
import { seedAiFleet } from './ai-fleet';
import { registerLiveDemo } from './live-demo';
import { resolveSimulationOptions, type SimulationInput } from './options';
import { runSimulation, type SimulationSummary } from './run-simulation';
import type { SimulationProgress } from './scenario';

/**
 * 300 × 192 device-hours at 8 events each ≈ 460k events: enough for every baseline and detector, small
 * enough to seed in seconds.
 */
export const DEMO_SIMULATION: SimulationInput = { devices: 300, hours: 192, seed: 20260521, attacks: [...ATTACKS], eventsPerDeviceHour: 8 };

/** Seeds the demo simulation when the database has no devices; returns its summary, or null when it had some. */
export function seedDemoFleet(engine: Engine, opts: { actor: Actor; onProgress?: (p: SimulationProgress) => void }): SimulationSummary | null {
  const devices = engine.inventory.count('device');
  if (devices > 0) return null;
  const options = resolveSimulationOptions(DEMO_SIMULATION, engine.clock);
  const summary = runSimulation(engine, options, opts);
  engine.audit.record(opts.actor, 'demo.register_live', { source_key: summary.source_key }, () => registerLiveDemo(engine.sql, options));
  // The AI fleet beside it, over the same window, through the SDK path (ai-fleet.ts).
  if (engine.assets.list({ kind: 'agent', limit: 1, offset: 0 }).total === 0) seedAiFleet(engine, dispatch, { seed: options.seed, end: options.end, hours: options.hours, actor: opts.actor });
  return summary;
}
