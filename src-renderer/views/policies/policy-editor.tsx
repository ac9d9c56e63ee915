// Create a policy or replace a custom policy's rules. Each field checks against the contract's zod schema
// as it is typed, and the engine's own checks (a bad CIDR, an unknown device) come back naming the field
// (rules[1].destination): the error shows under that field and nothing is saved. While the rules are edited
// a live preview names who the draft would affect (draft-preview.tsx), and the what-if panel asks the
// engine, before saving, what the draft would decide for one identity and destination.
import { useMemo, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { policyCreate } from '@shared/contract/operations/policy-create';
import type { PolicyDetail } from '@shared/contract/operations/policy-get';
import { POLICY_ACTIONS, POLICY_IDENTITY_TYPES, type PolicyRuleInput } from '@shared/contract/operations/policy-schemas';
import { policyUpdate } from '@shared/contract/operations/policy-update';
import { Drawer } from '../../components/drawer';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { ApiError } from '../../api/index';
import { useStore } from '../../store/index';
import { DraftPreview } from './draft-preview';
import { WhatIfPanel } from './what-if-panel';

export interface RuleDraft { identity_type: string; identity_id: string; action: string; destination: string }

/** The fields this form shows, where an engine error naming one is shown. */
const SHOWN_FIELDS = /^(name|description|rules|reason)$|^rules\[\d+\]/;

const EMPTY_RULE: RuleDraft = { identity_type: 'device', identity_id: '', action: 'block', destination: '' };

/** The form's rules as the contract takes them: empty fields left out. */
function ruleInputs(rules: RuleDraft[]): PolicyRuleInput[] {
  return rules.map((r) => ({
    ...(r.identity_type ? { identity_type: r.identity_type as PolicyRuleInput['identity_type'] } : {}),
    ...(r.identity_id.trim() ? { identity_id: r.identity_id.trim() } : {}),
    ...(r.action ? { action: r.action as PolicyRuleInput['action'] } : {}),
    ...(r.destination.trim() ? { destination: r.destination.trim() } : {}),
  }));
}

/** zod's path ['rules', 1, 'destination'] in the engine's spelling, rules[1].destination. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function issues(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) out[fieldName(i.path)] ??= i.message;
  return out;
}

export function PolicyEditor({ policy, onClose, onSaved }: { policy: PolicyDetail | null; onClose(): void; onSaved(id: string): void }) {
  const [name, setName] = useState(policy?.name ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [enabled, setEnabled] = useState(policy?.enabled ?? true);
  const [reason, setReason] = useState('');
  const [rules, setRules] = useState<RuleDraft[]>(() => (policy ? policy.rules.map((r) => ({ identity_type: r.identity_type ?? '', identity_id: r.identity_id ?? '', action: r.action, destination: r.destination ?? '' })) : [{ ...EMPTY_RULE }]));
  const [touched, setTouched] = useState(false);
  // A new policy's blank first rule is not previewed (it would be refused before anything was typed).
  const [rulesEdited, setRulesEdited] = useState(false);
  const [engineErrors, setEngineErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<ApiError | null>(null);

  const input = useMemo(() => (policy
    ? { policy_id: policy.policy_id, enabled, rules: ruleInputs(rules), ...(reason.trim() ? { reason: reason.trim() } : {}) }
    : { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), rules: ruleInputs(rules), enabled }), [policy, name, description, enabled, rules, reason]);
  const schemaErrors = useMemo(() => {
    const parsed = (policy ? policyUpdate.input : policyCreate.input).safeParse(input);
    return parsed.success ? {} : issues(parsed.error);
  }, [policy, input]);
  const errors: Record<string, string> = { ...(touched ? schemaErrors : {}), ...engineErrors };
  const errorOf = (field: string) => errors[field];

  const edit = (i: number, patch: Partial<RuleDraft>) => {
    setRules((cur) => cur.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setRulesEdited(true);
    setEngineErrors({});
  };

  /** An engine refusal naming a field on this form goes under that field; any other is shown for the form. */
  const takeEngineError = (err: ApiError): boolean => {
    if (!err.field || !SHOWN_FIELDS.test(err.field)) return false;
    setEngineErrors({ [err.field]: err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message });
    return true;
  };

  async function submit() {
    setTouched(true);
    setFormError(null);
    if (Object.keys(schemaErrors).length) return;
    const api = useStore.getState().api;
    if (!api) return;
    setBusy(true);
    try {
      const out = policy ? await api.call('policy.update', input as z.input<typeof policyUpdate.input>) : await api.call('policy.create', input as z.input<typeof policyCreate.input>);
      onSaved(out.policy_id);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
      if (!takeEngineError(e)) setFormError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer title={policy ? `Edit ${policy.name}` : 'New policy'} subtitle={policy ? <span className="mono">{policy.policy_id} · version {policy.version}</span> : 'Rules decide what an identity may reach'} onClose={onClose}>
      <form className="policy-form" aria-label={policy ? 'Edit policy' : 'New policy'} noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {policy ? null : (
          <>
            <FieldRow id="policy-name" label="Name" error={errorOf('name')}>
              <input id="policy-name" value={name} onChange={(e) => { setName(e.target.value); setEngineErrors({}); }} autoComplete="off" aria-invalid={errorOf('name') ? true : undefined} aria-describedby={errorOf('name') ? 'policy-name-error' : undefined} />
            </FieldRow>
            <FieldRow id="policy-description" label="Description" error={errorOf('description')}>
              <input id="policy-description" value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
            </FieldRow>
          </>
        )}
        <fieldset className="policy-rules">
          <legend>Rules</legend>
          {errorOf('rules') ? <p className="field-error" role="alert">{errorOf('rules')}</p> : null}
          {rules.map((r, i) => {
            const f = (k: string) => `rules[${i}]${k ? `.${k}` : ''}`;
            const err = (k: string) => errorOf(f(k));
            const described = (k: string) => (err(k) ? `${f(k)}-error` : undefined);
            return (
              <div key={i} className="policy-rule" role="group" aria-label={`Rule ${i + 1}`}>
                <label>
                  <span className="filter-label">Action</span>
                  <select value={r.action} onChange={(e) => edit(i, { action: e.target.value })} aria-invalid={err('action') ? true : undefined} aria-describedby={described('action')}>
                    {POLICY_ACTIONS.map((a) => <option key={a} value={a}>{label(a)}</option>)}
                  </select>
                </label>
                <label>
                  <span className="filter-label">Identity type</span>
                  <select value={r.identity_type} onChange={(e) => edit(i, { identity_type: e.target.value })} aria-invalid={err('identity_type') ? true : undefined} aria-describedby={described('identity_type')}>
                    <option value="">Every identity</option>
                    {POLICY_IDENTITY_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
                  </select>
                </label>
                <label>
                  <span className="filter-label">Identity id</span>
                  <input value={r.identity_id} onChange={(e) => edit(i, { identity_id: e.target.value })} placeholder="all of the type" spellCheck={false} autoComplete="off" aria-invalid={err('identity_id') ? true : undefined} aria-describedby={described('identity_id')} />
                </label>
                <label>
                  <span className="filter-label">Destination</span>
                  <input value={r.destination} onChange={(e) => edit(i, { destination: e.target.value })} placeholder="IP, CIDR, domain, *.domain or app" spellCheck={false} autoComplete="off" aria-invalid={err('destination') ? true : undefined} aria-describedby={described('destination')} />
                </label>
                <button type="button" className="btn btn-small" aria-label={`Remove rule ${i + 1}`} onClick={() => { setRules((cur) => cur.filter((_, j) => j !== i)); setRulesEdited(true); setEngineErrors({}); }}>Remove</button>
                {['', 'action', 'identity_type', 'identity_id', 'destination'].map((k) => (err(k) ? <p key={k} id={`${f(k)}-error`} className="field-error" role="alert"><span className="error-field">{f(k)}</span> {err(k)}</p> : null))}
              </div>
            );
          })}
          <button type="button" className="btn btn-small" onClick={() => { setRules((cur) => [...cur, { ...EMPTY_RULE }]); setRulesEdited(true); }}>Add rule</button>
        </fieldset>
        <DraftPreview policyId={policy?.policy_id} rules={ruleInputs(rules)} active={policy !== null || rulesEdited} onFieldError={takeEngineError} />
        <label className="settings-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled (in force as soon as it is saved)
        </label>
        {policy ? (
          <FieldRow id="policy-reason" label="Reason (kept in the version history and audit log)" error={errorOf('reason')}>
            <input id="policy-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
          </FieldRow>
        ) : null}
        <WhatIfPanel policyId={policy?.policy_id} rules={ruleInputs(rules)} enabled={enabled} onFieldError={takeEngineError} />
        <div className="triage-buttons">
          <button type="submit" className="btn btn-primary" disabled={busy}>{policy ? 'Save new version' : 'Create policy'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
        {formError ? <ErrorNotice error={formError} compact /> : null}
      </form>
    </Drawer>
  );
}

function FieldRow({ id, label: text, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="policy-field">
      <label className="triage-label" htmlFor={id}>{text}</label>
      {children}
      {error ? <p id={`${id}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}
