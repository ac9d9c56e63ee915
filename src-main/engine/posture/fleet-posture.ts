// The fleet: the average posture of every device and workload (each counts once: the spec's
// device-count weighting), its factors summed over the fleet, its 24 h trend and the devices at risk.
import type { FleetFactor } from '@shared/contract/operations/posture-schemas';
import { riskOf } from '@shared/domain/bands';
import type { PostureDimension } from '@shared/domain/bands';
import type { Severity, Trend } from '@shared/domain/enums';
import type { Db } from '../db/open';
import type { Inventory } from '../inventory/inventory';
import type { Assessment, Factor, ScoreCap } from './factor';
import type { PostureWeights } from './weights';

export const TREND_WINDOW_MS = 24 * 3_600_000;
/** A fleet score within ±2 points of the day before is stable. */
export const TREND_STABLE_POINTS = 2;
export const DEVICES_AT_RISK_CAP = 25;
export const FLEET_FACTORS_SHOWN = 10;

/** The fleet row: its factors are FleetFactors (each with the number of entities carrying it). */
export interface FleetAggregate extends Assessment {
  factors: FleetFactor[];
}

export function trendOf(current: number, dayBefore: number | undefined): Trend {
  if (dayBefore === undefined) return 'stable';
  const delta = current - dayBefore;
  return delta > TREND_STABLE_POINTS ? 'improving' : delta < -TREND_STABLE_POINTS ? 'degrading' : 'stable';
}

export class FleetQueries {
  private readonly stmts;

  constructor(db: Db, private readonly inventory: Inventory) {
    this.stmts = {
      aggregate: db.prepare(`SELECT COUNT(*) AS n, AVG(score) AS score, AVG(identity) AS identity, AVG(behavior) AS behavior, AVG(policy) AS policy, AVG(threat) AS threat
        FROM posture WHERE entity_type IN ('device','workload')`),
      factors: db.prepare(`SELECT j.value ->> 'dimension' AS dimension, j.value ->> 'factor' AS factor, COUNT(DISTINCT p.entity_type || ':' || p.entity_id) AS entities,
        SUM(j.value ->> 'points') AS points FROM posture p, json_each(p.factors) j WHERE p.entity_type IN ('device','workload') GROUP BY 1, 2`),
      atRisk: db.prepare(`SELECT entity_id, score, factors, cap FROM posture WHERE entity_type = 'device' AND score <= 70 ORDER BY score, entity_id LIMIT ?`),
      assessed: db.prepare("SELECT COUNT(*) FROM posture WHERE entity_type IN ('device','workload')").pluck(),
      activeIncidents: db.prepare("SELECT COUNT(*) FROM incidents WHERE status IN ('open','contained')").pluck(),
      bands: db.prepare(`SELECT COALESCE(SUM(score <= 40), 0) AS high_risk, COALESCE(SUM(score > 40 AND score <= 70), 0) AS moderate, COALESCE(SUM(score > 70), 0) AS healthy
        FROM posture WHERE entity_type IN ('device','workload')`),
      incidents: db.prepare(`SELECT id, title, severity, status, entities FROM incidents WHERE status IN ('open','contained')
        ORDER BY CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END DESC, updated_at DESC, id LIMIT ?`),
      openAnomalies: db.prepare("SELECT COUNT(*) FROM anomalies WHERE status IN ('open','acknowledged')").pluck(),
      violations: db.prepare('SELECT COUNT(*) FROM policy_violations WHERE ts >= ?').pluck(),
    };
  }

  /** The fleet's score and dimensions from the stored entity rows, and what costs it most (stored as the fleet row). */
  aggregate(weights: PostureWeights): FleetAggregate {
    const a = this.stmts.aggregate.get() as { n: number; score: number | null } & Record<PostureDimension, number | null>;
    const n = a.n;
    const dims = { identity: Math.round(a.identity ?? 100), behavior: Math.round(a.behavior ?? 100), policy: Math.round(a.policy ?? 100), threat: Math.round(a.threat ?? 100) };
    const factors: FleetFactor[] = n === 0 ? [] : (this.stmts.factors.all() as { dimension: PostureDimension; factor: string; entities: number; points: number }[])
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
    const rows = this.stmts.atRisk.all(cap) as { entity_id: string; score: number; factors: string; cap: string | null }[];
    return rows.map((r) => {
      const factors = JSON.parse(r.factors) as Factor[];
      const top = factors.reduce<Factor | undefined>((best, f) => (!best || (f.points * weights[f.dimension]) < (best.points * weights[best.dimension]) ? f : best), undefined);
      // A binding severity cap is what put the device here, so it is the reason.
      const bound = r.cap ? (JSON.parse(r.cap) as ScoreCap).factor : undefined;
      return { device_id: r.entity_id, risk: riskOf(r.score) as 'high' | 'medium', reason: bound ?? top?.factor ?? 'unknown' };
    });
  }

  /** Devices and workloads per score band (the bands of scoreBand), so the average never stands alone. */
  bandCounts(): { high_risk: number; moderate: number; healthy: number } {
    return this.stmts.bands.get() as { high_risk: number; moderate: number; healthy: number };
  }

  /** The active incidents, most severe first, each with its source and affected entities. */
  activeIncidents(cap: number): { id: string; title: string; severity: Severity; status: 'open' | 'contained'; entities: string[] }[] {
    const rows = this.stmts.incidents.all(cap) as { id: string; title: string; severity: Severity; status: 'open' | 'contained'; entities: string }[];
    return rows.map((r) => ({
      id: r.id, title: r.title, severity: r.severity, status: r.status,
      entities: (JSON.parse(r.entities) as { entity_id: string; role: string }[]).filter((e) => e.role !== 'target').map((e) => e.entity_id),
    }));
  }

  discoveredDevices(): number {
    return this.inventory.discoveredCount();
  }

  counts(now: number): { device_count: number; active_incidents: number; open_anomalies: number; policy_violations_24h: number; entities_assessed: number } {
    return {
      entities_assessed: this.stmts.assessed.get() as number,
      device_count: this.inventory.count('device'),
      active_incidents: this.stmts.activeIncidents.get() as number,
      open_anomalies: this.stmts.openAnomalies.get() as number,
      policy_violations_24h: this.stmts.violations.get(now - TREND_WINDOW_MS) as number,
    };
  }
}
