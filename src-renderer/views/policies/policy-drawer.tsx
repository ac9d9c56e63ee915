// One policy: its state and rules, enable/disable, edit (custom policies), and the version history with a
// diff between any two versions (every version is kept by the engine, never rewritten).
import { useState } from 'react';
import type { PolicyDetail } from '@shared/contract/operations/policy-get';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { Drawer, Fields } from '../../components/drawer';
import { fmtInt, fmtTime, label } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';
import { diffVersions, ruleText, ruleWho } from './policy-text';
import { policyStatusTone } from './policy-tones';

export function PolicyDrawer({ id, onClose, onChanged }: { id: string; onClose(): void; onChanged(): void }) {
  const q = useOpQuery(`policy.get:${id}`, 'policy.get', { policy_id: id });
  const editPolicy = useStore((s) => s.editPolicy);
  const toggle = useAction();
  const p = q.data;

  async function setEnabled(enabled: boolean) {
    if (await toggle.run((api) => api.call('policy.update', { policy_id: id, enabled }))) {
      q.reload();
      onChanged();
    }
  }

  return (
    <Drawer title={p?.name ?? id} subtitle={<span className="mono">{id}</span>} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!p ? (q.status !== 'error' ? <Loading what="the policy" /> : null) : (
        <>
          <div className="drawer-badges">
            <Badge tone={policyStatusTone[p.status]}>{label(p.status)}</Badge>
            <Badge tone="neutral">{label(p.kind)}</Badge>
          </div>
          <Fields rows={[
            ['Version', String(p.version)],
            ['Description', p.description],
            ['Created', `${fmtTime(p.created_at)} by ${p.created_by.name ?? p.created_by.id} (${p.created_by.type})`],
            ['Updated', fmtTime(p.updated_at)],
            ['Expires', p.expires_at ? fmtTime(p.expires_at) : 'never'],
            ['Violations (24 h)', fmtInt(p.violations_24h)],
          ]} />
          <div className="triage-buttons">
            {p.kind === 'custom' ? <button type="button" className="btn btn-primary" onClick={() => editPolicy(p.policy_id)}>Edit rules</button> : null}
            {p.kind !== 'isolation' && p.kind !== 'suspension' ? (
              <button type="button" className="btn" disabled={toggle.busy} onClick={() => void setEnabled(!p.enabled)}>{p.enabled ? 'Disable' : 'Enable'}</button>
            ) : <span className="dim">Lifted with {p.kind === 'isolation' ? 'Release' : 'Restore'} on the {p.kind === 'isolation' ? 'device' : 'user'}.</span>}
          </div>
          {toggle.error ? <ErrorNotice error={toggle.error} compact /> : null}
          <section className="drawer-section" aria-labelledby="policy-rules-title">
            <h3 id="policy-rules-title" className="panel-title">Rules</h3>
            <DataTable caption="Rules" rows={p.rules.map((r, i) => ({ ...r, i }))} rowKey={(r) => String(r.i)} columns={[
              { key: 'n', header: '#', kind: 'num', render: (r) => String(r.i + 1) },
              { key: 'action', header: 'Action', render: (r) => label(r.action) },
              { key: 'who', header: 'Identity', kind: 'mono', render: (r) => ruleWho(r) },
              { key: 'dest', header: 'Destination', kind: 'mono', render: (r) => r.destination ?? 'any' },
            ]} />
          </section>
          <PolicyHistory key={p.version} policy={p} />
        </>
      )}
    </Drawer>
  );
}

function PolicyHistory({ policy }: { policy: PolicyDetail }) {
  const versions = policy.history;
  const [to, setTo] = useState(versions[0]?.version ?? 1);
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  const diff = a && b ? diffVersions(a, b) : null;
  const pick = (value: number, onChange: (v: number) => void, text: string) => (
    <label className="filter">
      <span className="filter-label">{text}</span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => <option key={v.version} value={v.version}>v{v.version} · {label(v.change)}</option>)}
      </select>
    </label>
  );
  return (
    <section className="drawer-section" aria-labelledby="policy-history-title">
      <h3 id="policy-history-title" className="panel-title">Version history</h3>
      <ol className="policy-history">
        {versions.map((v) => (
          <li key={v.version}>
            <span className="mono">v{v.version}</span> {label(v.change)} · {fmtTime(v.created_at)} · {v.actor.name ?? v.actor.id} ({v.actor.type}){v.reason ? ` · “${v.reason}”` : ''}
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <>
          <div className="toolbar">
            {pick(from, setFrom, 'Compare')}
            {pick(to, setTo, 'with')}
          </div>
          {diff ? (
            <div className="policy-diff" data-testid="policy-diff" aria-label={`Changes from version ${from} to ${to}`} role="region">
              {diff.fields.length + diff.added.length + diff.removed.length === 0 ? <p className="dim">No difference.</p> : null}
              {diff.fields.map((f) => <p key={f.field}><span className="mono">{f.field}</span>: {f.before} → {f.after}</p>)}
              {diff.removed.map((r, i) => <p key={`r${i}`} className="diff-removed"><span aria-hidden="true">− </span><span className="sr-only">Removed rule: </span><span className="mono">{ruleText(r)}</span></p>)}
              {diff.added.map((r, i) => <p key={`a${i}`} className="diff-added"><span aria-hidden="true">+ </span><span className="sr-only">Added rule: </span><span className="mono">{ruleText(r)}</span></p>)}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
