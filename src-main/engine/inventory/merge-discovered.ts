// When an inventory import claims the address of a discovered (unmanaged) device, everything telemetry
// taught about that address moves to the imported device (or workload): its anomalies, the incidents they
// belong to, its intel hits and its posture. Runs inside the import's transaction, audited with the importer.
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine';

export interface MergedDevice { discovered: string; into: string; into_type: 'device' | 'workload'; ip: string; anomalies: number; incidents: string[]; intel_hits: number }

export function mergeClaimedDevices(engine: Engine, actor: Actor): MergedDevice[] {
  const merged: MergedDevice[] = [];
  for (const c of engine.inventory.takeClaimed()) {
    const to = c.to as { type: 'device' | 'workload'; id: string };
    const { moved, incidents } = engine.anomalies.reassignEntity(c.from, to);
    const hits = engine.ingest.reassignHits(c.from, to);
    engine.incidents.resummarize(incidents);
    engine.posture.merged(c.from, to);
    const m = { discovered: c.from, into: to.id, into_type: to.type, ip: c.ip, anomalies: moved, incidents, intel_hits: hits };
    engine.audit.append({ actor, action: 'inventory.merge_discovered', params: { [`${to.type}_id`]: to.id, ip: c.ip }, outcome: 'ok', detail: m });
    merged.push(m);
  }
  return merged;
}
