// isolate_device / release_device: a quarantine is a system policy (pol_isolate_<device>) with one
// isolate rule and an allow rule per management destination (the configured path, screened, plus the
// enforcement point: management-path.ts), plus a device_isolations row holding the policy set in force
// before, which the release restores, and the path with where it came from and what was dropped.
// Repeating an isolation changes nothing. The device_isolations rows are isolation-store.ts's.
import type { z } from 'zod';
import type { isolateDeviceResultSchema } from '@shared/contract/operations/policy-isolate-device';
import type { releaseDeviceResultSchema } from '@shared/contract/operations/policy-release-device';
import type { PolicyRule } from '@shared/contract/operations/policy-schemas';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import { notFound } from '../errors';
import { blastRadius, identityRadius } from './blast-radius';
import type { PolicyRef } from './isolation-store';
import { systemPolicyId } from './policy-ids';
import type { PolicyContext } from './policy-context';
import { parseRules, statusOf } from './policy-store';
import { ruleAppliesTo } from './rules';
import { reasonText } from './validate';

type IsolateResult = z.output<typeof isolateDeviceResultSchema>;
type ReleaseResult = z.output<typeof releaseDeviceResultSchema>;

const keyOf = (deviceId: string) => `isolate|device|${deviceId}`;

/** Enabled, unexpired policies with a rule addressing the identity (its own, its type's or the fleet's). */
function policiesApplyingTo(svc: PolicyContext, type: string, id: string, now: number, except?: string): PolicyRef[] {
  return svc.store.enabledRows()
    .filter((r) => r.id !== except && statusOf(r, now) === 'active' && parseRules(r.rules).some((rule) => ruleAppliesTo(rule, type, id)))
    .map((r) => ({ policy_id: r.id, version: r.version }));
}

export function isolateDevice(svc: PolicyContext, input: { device_id: string; reason?: string; notify: boolean }, actor: Actor): IsolateResult {
  const device = svc.inventory.getDevice(input.device_id);
  if (!device) throw notFound('device', input.device_id);
  const reason = reasonText(input.reason);
  return svc.commit<IsolateResult>(actor, 'policy.isolateDevice', input, (now) => {
    const open = svc.isolations.open(device.device_id);
    if (open) {
      const row = svc.store.get(open.policy_id)!;
      const previous = JSON.parse(open.previous_policies) as PolicyRef[];
      return {
        changes: [],
        result: {
          policy_id: row.id, version: row.version, changed: false, device_id: device.device_id, status: 'already_isolated', isolated_at: isoOrNull(open.isolated_at)!,
          management_path: JSON.parse(open.management) as string[], management_path_source: open.management_source, management_path_dropped: JSON.parse(open.management_dropped) as IsolateResult['management_path_dropped'],
          previous_policies: previous.map((p) => p.policy_id), notify: input.notify, blast_radius: blastRadius(svc, parseRules(row.rules)),
        },
      };
    }
    const key = keyOf(device.device_id);
    const existing = svc.store.byKey(key);
    const path = svc.paths.resolve(device.device_id);
    const management = path.destinations;
    const previous = policiesApplyingTo(svc, 'device', device.device_id, now, existing?.id);
    const rules: PolicyRule[] = [
      { identity_type: 'device', identity_id: device.device_id, action: 'isolate', destination: null },
      ...management.map((d): PolicyRule => ({ identity_type: 'device', identity_id: device.device_id, action: 'allow', destination: d })),
    ];
    const description = `Quarantine micro-zone: ${device.device_id} may reach only its management path`;
    const row = existing
      ? svc.store.writeVersion(existing, { enabled: true, rules, description }, 'isolated', reason, actor, now)
      : svc.store.insert({ id: systemPolicyId(svc.store, ['isolate', device.device_id], key), name: `Isolate ${device.device_id}`, description, kind: 'isolation', natural_key: key, enabled: true, rules, expires_at: null }, 'isolated', reason, actor, now);
    svc.isolations.insert({ device_id: device.device_id, policy_id: row.id, isolated_at: now, management, management_source: path.source, management_dropped: path.dropped, previous_policies: previous, reason });
    const radius = blastRadius(svc, rules);
    return {
      result: {
        policy_id: row.id, version: row.version, changed: true, device_id: device.device_id, status: 'isolated', isolated_at: isoOrNull(now)!,
        management_path: management, management_path_source: path.source, management_path_dropped: path.dropped, previous_policies: previous.map((p) => p.policy_id), notify: input.notify, blast_radius: radius,
      },
      changes: [{
        action: 'isolate_device', policy: row, reason, notify: input.notify, entity: { type: 'device', id: device.device_id },
        target: { device_id: device.device_id, ip_addresses: device.ip_addresses, management_path: management, management_path_source: path.source, blast_radius: radius },
      }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, management_path: r.management_path, management_path_source: r.management_path_source, management_path_dropped: r.management_path_dropped, blast_radius: r.blast_radius }));
}

export function releaseDevice(svc: PolicyContext, input: { device_id: string; reason?: string }, actor: Actor): ReleaseResult {
  const device = svc.inventory.getDevice(input.device_id);
  if (!device) throw notFound('device', input.device_id);
  const reason = reasonText(input.reason);
  return svc.commit<ReleaseResult>(actor, 'policy.releaseDevice', input, (now) => {
    const open = svc.isolations.open(device.device_id);
    if (!open) {
      const row = svc.store.byKey(keyOf(device.device_id));
      return { changes: [], result: { policy_id: row?.id ?? null, version: row?.version ?? null, changed: false, device_id: device.device_id, status: 'not_isolated', released_at: null, restored_policies: [], blast_radius: identityRadius(svc, 'device', device.device_id) } };
    }
    const row = svc.store.writeVersion(svc.store.get(open.policy_id)!, { enabled: false }, 'released', reason, actor, now);
    svc.isolations.release(open.id, now, reason);
    // What was in force before comes back: those of the earlier set that still exist, enabled and unexpired.
    const restored = (JSON.parse(open.previous_policies) as PolicyRef[])
      .map((p) => svc.store.get(p.policy_id))
      .filter((p) => p !== undefined && statusOf(p, now) === 'active')
      .map((p) => p!);
    const radius = identityRadius(svc, 'device', device.device_id);
    return {
      result: { policy_id: row.id, version: row.version, changed: true, device_id: device.device_id, status: 'released', released_at: isoOrNull(now), restored_policies: restored.map((p) => p.id), blast_radius: radius },
      changes: [{
        action: 'release_device', policy: row, reason, entity: { type: 'device', id: device.device_id },
        target: { device_id: device.device_id, ip_addresses: device.ip_addresses, restored_policies: restored.map((p) => ({ policy_id: p.id, version: p.version, rules: parseRules(p.rules) })), blast_radius: radius },
      }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, blast_radius: r.blast_radius }));
}

/** The part of an incident close the policy domain needs (structurally the incidents engine's CloseContext). */
export interface IncidentCloseContext {
  incident: { id: string; opened_at: string; first_activity_at: string | null; resolution: string | null; entities: readonly { entity_type: string; entity_id: string }[] };
  release_quarantined_devices: boolean;
  actor: Actor;
}

/**
 * close_incident's release_quarantined_devices: releases the incident's devices isolated since it
 * began (its first activity or its opening, whichever is earlier). Runs inside the close transaction.
 */
export function releaseForIncident(svc: PolicyContext, ctx: IncidentCloseContext): string[] {
  if (!ctx.release_quarantined_devices) return [];
  const began = Math.min(Date.parse(ctx.incident.opened_at), ctx.incident.first_activity_at ? Date.parse(ctx.incident.first_activity_at) : Number.POSITIVE_INFINITY);
  const done: string[] = [];
  for (const e of ctx.incident.entities) {
    if (e.entity_type !== 'device') continue;
    const open = svc.isolations.open(e.entity_id);
    if (!open || open.isolated_at < began) continue;
    const why = `incident ${ctx.incident.id} closed${ctx.incident.resolution ? `: ${ctx.incident.resolution}` : ''}`;
    const r = releaseDevice(svc, { device_id: e.entity_id, reason: why }, ctx.actor);
    done.push(`released ${e.entity_id} from quarantine (${r.policy_id} v${r.version})${r.restored_policies.length ? `; restored ${r.restored_policies.join(', ')}` : ''}`);
  }
  return done;
}
