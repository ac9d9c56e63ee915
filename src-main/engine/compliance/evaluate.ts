// Evaluates the control sets against the facts: a control takes the worst status of its checks, a
// framework's state derives from its controls (rules in docs/posture-model.md).
import type { CheckResult, ControlState, ControlStatus, FrameworkState } from '@shared/contract/operations/compliance-state';
import type { ComplianceState } from '@shared/domain/enums';
import type { ComplianceFacts } from './compliance-facts';
import { CHECKS } from './checks';
import type { ControlSet } from './control-sets';

const WORST_FIRST: ControlStatus[] = ['fail', 'partial', 'pass', 'not_applicable'];

/** The worst of the statuses; not_applicable only when every one is. */
export function worstStatus(statuses: readonly ControlStatus[]): ControlStatus {
  for (const s of WORST_FIRST) if (statuses.includes(s)) return s;
  return 'not_applicable';
}

/**
 * compliant: every applicable control passes (and at least one applies); non_compliant: a key
 * control fails; partial: anything in between.
 */
export function frameworkState(controls: readonly Pick<ControlState, 'key' | 'status'>[]): ComplianceState {
  const applicable = controls.filter((c) => c.status !== 'not_applicable');
  if (applicable.some((c) => c.key && c.status === 'fail')) return 'non_compliant';
  if (applicable.length > 0 && applicable.every((c) => c.status === 'pass')) return 'compliant';
  return 'partial';
}

export function evaluateFramework(set: ControlSet, facts: ComplianceFacts, cache = new Map<string, CheckResult>()): FrameworkState {
  const run = (check: string) => {
    let r = cache.get(check);
    if (!r) cache.set(check, (r = CHECKS[check](facts)));
    return r;
  };
  const controls: ControlState[] = set.controls.map((c) => {
    const evidence = c.checks.map(run);
    return { id: c.id, title: c.title, key: c.key, status: worstStatus(evidence.map((e) => e.status)), evidence };
  });
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    framework: set.framework,
    name: set.name,
    version: set.version,
    state: frameworkState(controls),
    summary: { pass: count('pass'), fail: count('fail'), partial: count('partial'), not_applicable: count('not_applicable') },
    controls,
  };
}
