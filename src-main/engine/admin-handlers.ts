// Handlers of the operations that were once the CLI's own code: file imports, API keys, exports, the
// simulator, the derived-state repair, and the posture and detector settings. Each calls its domain's
// service, so every door gets the same validation, scope check and audit through dispatch.
import { DEFAULT_POSTURE_WEIGHTS } from '@shared/domain/bands';
import type { TelemetryFormat } from '@shared/domain/enums';
import { auditExportPage } from './audit/audit-export-page';
import { detectSettings, setDetectSettings } from './detect/detect-settings';
import type { Handlers } from './handler-types';
import type { IngestProgress } from './ingest/ingestor';
import { importInventoryFile } from './inventory/import-inventory';
import { rebuildDerived } from './pipeline/rebuild-derived';
import { loadPostureWeights } from './posture/weights';
import { aiDemoSeeded, seedAiFleet } from './simulate/ai-fleet';
import { runSimulation } from './simulate/run-simulation';
import type { SimulationProgress } from './simulate/scenario';

export type AdminOpName =
  | 'ingest.file' | 'intel.import' | 'inventory.import' | 'keys.create' | 'keys.list' | 'keys.revoke' | 'policy.export' | 'audit.export'
  | 'simulate.run' | 'db.rebuildDerived' | 'posture.weights' | 'posture.setWeights' | 'detect.settings' | 'detect.setSettings';

export const adminHandlers: Handlers<AdminOpName> = {
  'ingest.file': (engine, input, ctx) =>
    engine.ingest.ingestFile(input.path, {
      actor: ctx.actor, format: input.format as TelemetryFormat | undefined, timeBase: input.time_base === undefined ? undefined : Date.parse(input.time_base),
      onProgress: ctx.progress as ((p: IngestProgress) => void) | undefined, onWait: ctx.onWait,
    }),
  'intel.import': (engine, input, ctx) => engine.intel.importFile(input.path, { ...input, actor: ctx.actor }),
  'inventory.import': (engine, input, ctx) => importInventoryFile(engine, input.path, { actor: ctx.actor, kind: input.kind }),
  'keys.create': (engine, input, ctx) => {
    const { key, record } = engine.keys.create(input, ctx.actor);
    return { key, ...record };
  },
  'keys.list': (engine, input) => ({ keys: engine.keys.list(input) }),
  'keys.revoke': (engine, input, ctx) => engine.keys.revoke(input.key_id, ctx.actor),
  'policy.export': (engine, input) => ({ format: input.format, ruleset: engine.policy.exportNftables() }),
  'audit.export': (engine, input) => auditExportPage(engine, input),
  'simulate.run': (engine, { events_per_device_hour, ai_fleet, ...input }, ctx, dispatch) => {
    const summary = runSimulation(engine, { ...input, eventsPerDeviceHour: events_per_device_hour }, { actor: ctx.actor, onProgress: ctx.progress as ((p: SimulationProgress) => void) | undefined });
    if (!ai_fleet) return summary;
    if (aiDemoSeeded(engine)) return { ...summary, ai_agents: 0 };
    const ai = seedAiFleet(engine, dispatch, { seed: summary.seed, end: Date.parse(summary.end), hours: summary.hours, actor: ctx.actor });
    return { ...summary, ai_agents: Object.keys(ai.agents).length };
  },
  // A running ingest is waited for: the rebuild replays the events it would otherwise race.
  'db.rebuildDerived': (engine, _input, ctx) => engine.ingest.exclusive(() => rebuildDerived(engine, ctx.actor), (m) => ctx.onWait?.(m)),
  // Read from the database, not this process's copy: another process may have set them.
  'posture.weights': (engine) => ({ weights: loadPostureWeights(engine.sql, engine.log), defaults: DEFAULT_POSTURE_WEIGHTS }),
  'posture.setWeights': (engine, input, ctx) => ({ weights: engine.posture.setWeights(input, ctx.actor), defaults: DEFAULT_POSTURE_WEIGHTS }),
  'detect.settings': (engine) => detectSettings(engine),
  'detect.setSettings': (engine, input, ctx) => setDetectSettings(engine, input, ctx.actor),
};
