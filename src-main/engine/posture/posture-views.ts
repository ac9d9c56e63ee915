// Turns stored posture rows and live inventory into the exact response shapes of get_device_posture,
// get_user_posture and get_workload_posture (the spec's fields first, then score, band, dimensions, factors).
import type { DevicePosture } from '@shared/contract/operations/posture-device';
import type { PostureDimensions } from '@shared/contract/operations/posture-schemas';
import type { UserPosture } from '@shared/contract/operations/posture-user';
import type { WorkloadPosture } from '@shared/contract/operations/posture-workload';
import { scoreBand } from '@shared/domain/bands';
import type { Device, User, Workload } from '@shared/domain/inventory';
import { isoOrNull } from '@shared/domain/time';
import type { BehavioralBaseline } from '@shared/contract/operations/posture-schemas';
import { riskFactorNames, type DimensionScores } from './factor';
import type { StoredPosture } from './posture-store';
import type { PostureWeights } from './weights';

export interface LiveContext {
  baseline: BehavioralBaseline;
  activePolicies: string[];
  openAnomalies: number;
}

export function dimensionsView(dims: DimensionScores, weights: PostureWeights): PostureDimensions {
  return {
    identity: { score: dims.identity, weight: weights.identity },
    behavior: { score: dims.behavior, weight: weights.behavior },
    policy: { score: dims.policy, weight: weights.policy },
    threat: { score: dims.threat, weight: weights.threat },
  };
}

function scoreView(p: StoredPosture, weights: PostureWeights) {
  return { score: p.score, band: scoreBand(p.score), dimensions: dimensionsView(p.dims, weights), factors: p.factors, score_cap: p.cap, assessed_at: isoOrNull(p.assessed_at) as string };
}

const riskView = (p: StoredPosture) => ({ risk_score: 100 - p.score, risk_factors: riskFactorNames(p.factors) });

export function deviceView(d: Device, p: StoredPosture, live: LiveContext, weights: PostureWeights): DevicePosture {
  return {
    device_id: d.device_id,
    device_type: d.device_type,
    manufacturer: d.manufacturer,
    firmware_version: d.firmware_version,
    firmware_status: d.firmware_status,
    enrolled_at: d.enrolled_at,
    trust_level: d.trust_level,
    ...riskView(p),
    behavioral_baseline: live.baseline,
    active_policies: live.activePolicies,
    last_seen: d.last_seen,
    open_anomalies: live.openAnomalies,
    ...scoreView(p, weights),
  };
}

export function userView(u: User, p: StoredPosture, devices: UserPosture['devices'], live: LiveContext, weights: PostureWeights): UserPosture {
  return {
    user_id: u.user_id,
    display_name: u.display_name,
    mfa_enrolled: u.mfa_enrolled,
    enabled: u.enabled,
    ...riskView(p),
    devices,
    behavioral_baseline: live.baseline,
    active_policies: live.activePolicies,
    last_seen: u.last_seen,
    open_anomalies: live.openAnomalies,
    ...scoreView(p, weights),
  };
}

export function workloadView(w: Workload, p: StoredPosture, live: LiveContext, weights: PostureWeights): WorkloadPosture {
  return {
    workload_id: w.workload_id,
    kind: w.kind,
    name: w.name,
    image: w.image,
    runtime: w.runtime,
    owner: w.owner,
    ip_addresses: w.ip_addresses,
    ...riskView(p),
    behavioral_baseline: live.baseline,
    active_policies: live.activePolicies,
    last_seen: w.last_seen,
    open_anomalies: live.openAnomalies,
    ...scoreView(p, weights),
  };
}
