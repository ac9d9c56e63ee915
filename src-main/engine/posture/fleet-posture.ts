// The fleet: the average posture of every device and workload (each counts once: the spec's
// device-count weighting), its factors summed over the fleet, its 24 h trend and the devices at risk.
import type { FleetFactor } from '@shared/contract/operations/posture-schemas';
import { riskOf } from '@shared/domain/bands';
import type { Trend } from '@shared/domain/enums';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { ActiveIncidentSummary, IncidentStore } from '../incidents/incident-store';
import type { Inventory } from '../inventory/inventory';
import type { PolicyStore } from '../policy/policy-store';
import type { Assessment, Factor } from './factor';
import type { PostureStore } from './posture-store';
import type { PostureWeights } from './weights';

export const TREND_WINDOW_MS = 24 * 3_600_000;
/** A fleet score within ±2 points of the day before is stable. */
const TREND_STABLE_POINTS = 2;
const DEVICES_AT_RISK_CAP = 25;
const FLEET_FACTORS_SHOWN = 10;
/** Devices at or below this score are at risk (the high-risk and moderate bands). */
const AT_RISK_MAX_SCORE = 70;

/** The fleet row: its factors are FleetFactors (each with the number of entities carrying it). */
export interface FleetAggregate extends Assessment {
  factors: FleetFactor[];
}

export function trendOf(current: number, dayBefore: number | undefined): Trend {
  if (dayBefore === undefined) return 'stable';
  const delta = current - dayBefore;
  return delta > TREND_STABLE_POINTS ? 'improving' : delta < -TREND_STABLE_POINTS ? 'degrading' : 'stable';
}

/** What the fleet figures are read from: each table through its owning store. */
export interface FleetSources {
  policies: Pick<PolicyStore, 'countViolationsSince'>;
  store: PostureStore;
  inventory: Pick<Inventory, 'count' | 'discoveredCount'>;
  anomalies: Pick<AnomalyStore, 'countOpen'>;
  incidents: Pick<IncidentStore, 'countActive' | 'activeSummaries'>;
}

export class FleetQueries {
  constructor(private readonly src: FleetSources) {}

  /** The fleet's score and dimensions from the stored entity rows, and what costs it most (stored as the fleet row). */
  aggregate(weights: PostureWeights): FleetAggregate {
    const a = this.src.store.fleetAverages();
    const n = a.n;
    const dims = { identity: Math.round(a.identity ?? 100), behavior: Math.round(a.behavior ?? 100), policy: Math.round(a.policy ?? 100), threat: Math.round(a.threat ?? 100) };
    const factors: FleetFactor[] = n === 0 ? [] : this.src.store.fleetFactorSums()
      .map((r) => ({
        dimension: r.dimension, factor: r.factor, entities: r.entities,
        points: Math.round(((r.points * weights[r.dimension]) / 100 / n) * 100) / 100,
        why: `${r.entities} of ${n} devices and workloads`,
      }))
      .filter((f) => f.points < 0)
      .sort((x, y) => x.points - y.points || x.factor.localeCompare(y.factor))
      .slice(0, FLEET_FACTORS_SHOWN);
    return { score: n === 0 ? 100 : Math.round(a.score ?? 100), dims, factors, cap: null };
  }

  /** Devices in the high-risk or moderate band, riskiest first, each with the factor costing it most. */
  devicesAtRisk(weights: PostureWeights, cap = DEVICES_AT_RISK_CAP): { device_id: string; risk: 'high' | 'medium'; reason: string }[] {
    return this.src.store.lowestDevices(AT_RISK_MAX_SCORE, cap).map((r) => {
      const top = r.factors.reduce<Factor | undefined>((best, f) => (!best || (f.points * weights[f.dimension]) < (best.points * weights[best.dimension]) ? f : best), undefined);
      // A binding severity cap is what put the device here, so it is the reason.
      const bound = r.cap?.factor;
      return { device_id: r.entity_id, risk: riskOf(r.score) as 'high' | 'medium', reason: bound ?? top?.factor ?? 'unknown' };
    });
  }

  /** Devices and workloads per score band (the bands of scoreBand), so the average never stands alone. */
  bandCounts(): { high_risk: number; moderate: number; healthy: number } {
    return this.src.store.bandCounts();
  }

  /** The active incidents, most severe first, each with its source and affected entities. */
  activeIncidents(cap: number): ActiveIncidentSummary[] {
    return this.src.incidents.activeSummaries(cap);
  }

  discoveredDevices(): number {
    return this.src.inventory.discoveredCount();
  }

  counts(now: number): { device_count: number; active_incidents: number; open_anomalies: number; policy_violations_24h: number; entities_assessed: number } {
    return {
      entities_assessed: this.src.store.countAssessed(),
      device_count: this.src.inventory.count('device'),
      active_incidents: this.src.incidents.countActive(),
      open_anomalies: this.src.anomalies.countOpen(),
      policy_violations_24h: this.src.policies.countViolationsSince(now - TREND_WINDOW_MS),
    };
  }
}
