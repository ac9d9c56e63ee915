// What-if before saving: would this identity reach this destination now, and with the draft saved? The
// engine evaluates both (policy.whatIf, the same precedence as evaluate_access) and names the rule that
// decides each; a draft the engine refuses sends its error to the field it names.
import { useState } from 'react';
import type { OpOutput } from '@shared/contract/index';
import type { EvaluateAccessResult } from '@shared/contract/operations/policy-evaluate-access';
import { POLICY_IDENTITY_TYPES, type PolicyIdentityType, type PolicyRuleInput } from '@shared/contract/operations/policy-schemas';
import { Badge } from '../../components/badge';
import type { Tone } from '../../components/tones';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { ApiError } from '../../api/index';
import { useStore } from '../../store/index';
import { ruleText } from './policy-text';

const decisionTone = (d: string): Tone => (d === 'allow' ? 'ok' : d === 'monitor' ? 'info' : d === 'require_mfa' ? 'warn' : 'danger');

function Decision({ title, r }: { title: string; r: EvaluateAccessResult }) {
  return (
    <div className="what-if-side">
      <div className="triage-label">{title}</div>
      <Badge tone={decisionTone(r.decision)}>{label(r.decision)}</Badge>
      <div className="mono what-if-rule">{r.deciding_rule ? `${r.deciding_policy_id} rule ${r.deciding_rule.rule_index + 1}: ${ruleText(r.deciding_rule)}` : 'no rule applies (default allow)'}</div>
      <div className="what-if-reason">{r.reason}</div>
    </div>
  );
}

export function WhatIfPanel({ policyId, rules, enabled, onFieldError }: { policyId?: string; rules: PolicyRuleInput[]; enabled: boolean; onFieldError(err: ApiError): boolean }) {
  const [type, setType] = useState<PolicyIdentityType>('device');
  const [id, setId] = useState('');
  const [destination, setDestination] = useState('');
  const [result, setResult] = useState<OpOutput<'policy.whatIf'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function evaluate() {
    const api = useStore.getState().api;
    if (!api) return;
    setResult(null);
    setError(null);
    setBusy(true);
    try {
      setResult(await api.call('policy.whatIf', { identity_type: type, identity_id: id.trim(), destination: destination.trim(), draft: { ...(policyId ? { policy_id: policyId } : {}), rules, enabled } }));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
      // A draft error goes under its field in the form; the others (unknown identity, bad destination) show here.
      if (!onFieldError(e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="what-if" aria-labelledby="what-if-title">
      <h3 id="what-if-title" className="panel-title">What if: would it reach it?</h3>
      <div className="what-if-ask">
        <label>
          <span className="filter-label">Identity type</span>
          <select value={type} onChange={(e) => setType(e.target.value as PolicyIdentityType)}>
            {POLICY_IDENTITY_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
          </select>
        </label>
        <label>
          <span className="filter-label">Identity id</span>
          <input value={id} onChange={(e) => setId(e.target.value)} spellCheck={false} autoComplete="off" placeholder="dev_… or user@…" />
        </label>
        <label>
          <span className="filter-label">Destination</span>
          <input value={destination} onChange={(e) => setDestination(e.target.value)} spellCheck={false} autoComplete="off" placeholder="IP, domain or app" />
        </label>
        <button type="button" className="btn" onClick={() => void evaluate()} disabled={busy || !id.trim() || !destination.trim()}>Evaluate</button>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
      {result ? (
        <div className="what-if-result" data-testid="what-if-result" role="status">
          <Decision title="Now" r={result.current} />
          <Decision title="With this draft" r={result.with_draft} />
          <p className="what-if-verdict">{result.changed ? 'This draft changes the decision.' : 'This draft does not change the decision.'}</p>
        </div>
      ) : null}
    </section>
  );
}
