// The editor's live preview of who a draft affects: as the rules change (after a short pause in typing),
// the engine reads the draft's identity selectors (policy.preview: the same reading as the blast radius,
// nothing saved) and answers with counts, the first few identities by name and the destinations covered.
// A draft the engine refuses sends its error to the field it names, as saving would; an answer that
// arrives after a newer edit is dropped.
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { OpOutput } from '@shared/contract/index';
import { policyPreview } from '@shared/contract/operations/policy-preview';
import type { PolicyRuleInput } from '@shared/contract/operations/policy-schemas';
import { fmtInt } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { ApiError } from '../../api/index';
import { useStore } from '../../store/index';

type Preview = OpOutput<'policy.preview'>;
type Kind = 'devices' | 'users' | 'workloads' | 'agents';

/** Wait this long after the last edit before asking (a pause in typing, not every keystroke). */
const PAUSE_MS = 300;
const NAMED = 8;

const KINDS: { kind: Kind; one: string; many: string; href?: (id: string) => string }[] = [
  { kind: 'devices', one: 'device', many: 'devices', href: (id) => `#/devices/${encodeURIComponent(id)}` },
  { kind: 'users', one: 'user', many: 'users', href: (id) => `#/users/${encodeURIComponent(id)}` },
  { kind: 'workloads', one: 'workload', many: 'workloads' },
  { kind: 'agents', one: 'agent', many: 'agents', href: (id) => `#/assets/${encodeURIComponent(id)}` },
];

const counted = (n: number, one: string, many: string) => `${fmtInt(n)} ${n === 1 ? one : many}`;

function summary(p: Preview): string {
  const parts = KINDS.filter((k) => p[k.kind].total > 0).map((k) => counted(p[k.kind].total, k.one, k.many));
  if (!parts.length) return 'Affects no device, user, workload or agent in the inventory';
  return `Affects ${parts.join(', ')}${p.fleet_wide ? ' (the whole fleet)' : ''}`;
}

export function DraftPreview({ policyId, rules, active, onFieldError }: { policyId?: string; rules: PolicyRuleInput[]; active: boolean; onFieldError(err: ApiError): boolean }) {
  const [result, setResult] = useState<Preview | null>(null);
  const [refused, setRefused] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const fieldError = useRef(onFieldError);
  fieldError.current = onFieldError;
  // The question as one value, so the effect runs when a rule changes, not on every render of the form
  // (which makes new rule arrays each time).
  const ask = JSON.stringify({ draft: { ...(policyId ? { policy_id: policyId } : {}), rules }, limit: NAMED });
  // Not asked: a new policy's rules untouched (`active` false), or a draft the contract already refuses
  // (the form says why on save).
  const incomplete = !active || rules.length === 0 || !policyPreview.input.safeParse(JSON.parse(ask)).success;

  useEffect(() => {
    const mine = ++seq.current;
    if (incomplete) return;
    const t = setTimeout(() => {
      const api = useStore.getState().api;
      if (!api) return;
      setBusy(true);
      api.call('policy.preview', JSON.parse(ask) as z.input<typeof policyPreview.input>).then((r) => {
        if (seq.current !== mine) return;
        setResult(r);
        setRefused(false);
        setError(null);
      }, (err: unknown) => {
        if (seq.current !== mine) return;
        const e = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
        setResult(null);
        // A draft error goes under its field in the form (as saving would put it); any other shows here.
        const onField = fieldError.current(e);
        setRefused(onField);
        setError(onField ? null : e);
      }).finally(() => {
        if (seq.current === mine) setBusy(false);
      });
    }, PAUSE_MS);
    return () => clearTimeout(t);
  }, [ask, incomplete]);
  const shown = incomplete ? null : result;

  return (
    <section className="draft-preview" aria-labelledby="draft-preview-title" aria-busy={busy} data-testid="draft-preview">
      <h3 id="draft-preview-title" className="panel-title">Who this draft affects</h3>
      <p className="draft-preview-summary" role="status" data-testid="draft-preview-summary">
        {incomplete ? 'Say who or what a rule addresses to see who it affects.' : shown ? summary(shown) : refused ? 'Fix the marked field to see who this draft affects.' : error ? 'The preview could not be read.' : 'Reading the draft…'}
      </p>
      {error && !incomplete ? <ErrorNotice error={error} compact /> : null}
      {shown ? (
        <>
          <div className="draft-preview-kinds">
            {KINDS.filter((k) => shown[k.kind].total > 0).map((k) => {
              const { total, named } = shown[k.kind];
              return (
                <div key={k.kind} className="draft-preview-kind">
                  <h4 className="triage-label" id={`draft-preview-${k.kind}`}>{counted(total, k.one, k.many)}</h4>
                  <ul aria-labelledby={`draft-preview-${k.kind}`}>
                    {named.map((n) => (
                      <li key={n.id}>
                        {k.href ? <a href={k.href(n.id)} title={`Open ${k.one} ${n.id} (leaves this unsaved draft)`}>{n.name ?? n.id}</a> : <span>{n.name ?? n.id}</span>}
                        {n.name && n.name !== n.id ? <span className="secondary mono"> {n.id}</span> : null}
                      </li>
                    ))}
                    {total > named.length ? <li className="secondary">and {fmtInt(total - named.length)} more</li> : null}
                  </ul>
                </div>
              );
            })}
          </div>
          <p className="draft-preview-dest">
            <span className="triage-label">Destinations </span>
            {shown.every_destination ? 'every destination' : ''}
            {shown.every_destination && shown.destinations.length ? ', and ' : ''}
            {shown.destinations.length ? <span className="mono">{shown.destinations.join(', ')}</span> : null}
          </p>
          {policyId ? (
            <p className="draft-preview-radius">
              Saving reports a blast radius of {counted(shown.blast_radius.devices, 'device', 'devices')}, {counted(shown.blast_radius.users, 'user', 'users')} and {counted(shown.blast_radius.workloads, 'workload', 'workloads')} (the current rules count too).
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
