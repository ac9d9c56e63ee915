// policy.whatIf: evaluate_access twice, on the decision index in force and on one built with a draft
// policy in place of (or beside) the stored ones. The draft goes through the same rule validation as
// create/update, so the console can show a field's error before anything is saved.
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Logger } from '../log';
import { notFound } from '../errors';
import { DecisionIndex } from './decision-index';
import { evaluateAccess } from './evaluate-access';
import type { PolicyContext } from './policy-context';
import type { PolicyRow } from './policy-store';
import { validateRules } from './rules';

const DRAFT_POLICY_ID = 'draft';

export function whatIf(svc: PolicyContext, input: OpParsedInput<'policy.whatIf'>, log: Logger): OpOutput<'policy.whatIf'> {
  const { draft, ...ask } = input;
  const rules = validateRules(draft.rules, svc.inventory);
  const existing = draft.policy_id !== undefined ? svc.store.get(draft.policy_id) : undefined;
  if (draft.policy_id !== undefined && !existing) throw notFound('policy', draft.policy_id);
  const current = evaluateAccess(svc, ask);
  const now = svc.clock.now();
  const rows = svc.store.enabledRows().filter((r) => r.id !== draft.policy_id);
  if (draft.enabled) {
    const base: PolicyRow = existing ?? {
      id: DRAFT_POLICY_ID, name: 'draft', description: null, kind: 'custom', natural_key: null, enabled: 1, rules: '[]', version: 0, expires_at: null,
      enabled_since: now, created_at: now, updated_at: now, created_by_type: 'analyst', created_by_id: 'draft', created_by_name: null,
    };
    rows.push({ ...base, enabled: 1, rules: JSON.stringify(rules), enabled_since: existing?.enabled ? base.enabled_since : now, updated_at: now });
  }
  const withDraft = evaluateAccess(svc, ask, DecisionIndex.build(rows, log));
  const ruleKey = (r: typeof current) => `${r.decision}|${r.deciding_policy_id}|${r.deciding_rule?.rule_index ?? ''}|${JSON.stringify(r.deciding_rule ?? null)}`;
  return { current, with_draft: withDraft, changed: ruleKey(current) !== ruleKey(withDraft) };
}
