// Loads what the posture factors look at, for many entities at once: the inventory row, open anomalies,
// intel hits of the last 7 days, policy violations of the last 24 h and the baseline. One query per
// table per chunk of ids, so a full recompute of 10,000 devices is a few dozen queries. Each table is
// read through the store of the domain that owns it (inventory, anomalies, telemetry, policy, baselines).
import type { AnomalyStatus, EntityType, FirmwareStatus, RecommendedAction, Severity, TrustLevel } from '@shared/domain/enums';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { BaselineFacts } from '../baseline/baseline-facts';
import type { TelemetryStore } from '../ingest/telemetry-store';
import type { Inventory } from '../inventory/inventory';
import type { PolicyStore } from '../policy/policy-store';
import type { PolicySource } from './policy-source';

const INTEL_WINDOW_MS = 7 * 24 * 3_600_000;
const VIOLATION_WINDOW_MS = 24 * 3_600_000;

export interface AnomalyFact { id: string; type: string; severity: Severity; status: AnomalyStatus; detected_at: number; recommended_action: RecommendedAction; confidence: number }
interface IntelFact { value: string; reputation: 'malicious' | 'suspicious'; hits: number; last_ts: number }
interface ViolationFact { policy_id: string; count: number; last_ts: number }
interface BaselineFact { established: boolean; hours_observed: number; deviation_score: number }
interface DeviceFacts { trust_level: TrustLevel; enrolled_at: number | null; cert_expires_at: number | null; firmware_status: FirmwareStatus; firmware_version: string | null }
interface UserFacts { mfa_enrolled: boolean; enabled: boolean }

export interface EntityState {
  type: EntityType;
  id: string;
  device?: DeviceFacts;
  user?: UserFacts;
  anomalies: AnomalyFact[];
  intel: IntelFact[];
  violations: ViolationFact[];
  baseline: BaselineFact | null;
  /** Whether an operator-authored policy applies; null while none exists (no coverage verdict). */
  covered: boolean | null;
}

const CHUNK = 500;

export interface StateSources {
  inventory: Pick<Inventory, 'postureFacts'>;
  anomalies: Pick<AnomalyStore, 'openFacts'>;
  telemetry: Pick<TelemetryStore, 'intelFacts'>;
  policies: Pick<PolicyStore, 'violationFacts'>;
  baselines: Pick<BaselineFacts, 'facts'>;
}

export class StateLoader {
  constructor(private readonly src: StateSources, private readonly policies: PolicySource) {}

  /** States of the given entities that exist in the inventory (unknown ids are left out). */
  load(type: EntityType, ids: readonly string[], now: number): Map<string, EntityState> {
    const out = new Map<string, EntityState>();
    this.policies.refresh();
    for (let i = 0; i < ids.length; i += CHUNK) this.loadChunk(type, ids.slice(i, i + CHUNK), now, out);
    return out;
  }

  private loadChunk(type: EntityType, ids: string[], now: number, out: Map<string, EntityState>): void {
    const fresh = (id: string): EntityState => ({ type, id, anomalies: [], intel: [], violations: [], baseline: null, covered: this.policies.populated ? this.policies.covers(type, id) : null });
    const { inventory, anomalies } = this.src;
    if (type === 'device') {
      for (const r of inventory.postureFacts('device', ids)) {
        const { id, ...device } = r;
        out.set(id, { ...fresh(id), device });
      }
    } else if (type === 'user') {
      for (const r of inventory.postureFacts('user', ids)) out.set(r.id, { ...fresh(r.id), user: { mfa_enrolled: r.mfa_enrolled === 1, enabled: r.enabled === 1 } });
    } else {
      for (const r of inventory.postureFacts('workload', ids)) out.set(r.id, fresh(r.id));
    }
    for (const r of anomalies.openFacts(type, ids)) {
      const { entity_id, ...a } = r;
      out.get(entity_id)?.anomalies.push(a);
    }
    const intel = this.src.telemetry.intelFacts(type, ids, now - INTEL_WINDOW_MS);
    for (const r of intel) {
      const { entity_id, ...hit } = r;
      out.get(entity_id)?.intel.push(hit);
    }
    const violations = this.src.policies.violationFacts(type, ids, now - VIOLATION_WINDOW_MS);
    for (const r of violations) {
      const { entity_id, ...v } = r;
      out.get(entity_id)?.violations.push(v);
    }
    const baselines = this.src.baselines.facts(type, ids);
    for (const r of baselines) {
      const s = out.get(r.entity_id);
      if (s) s.baseline = { established: r.established === 1, hours_observed: r.hours_observed, deviation_score: r.deviation_score };
    }
  }
}
