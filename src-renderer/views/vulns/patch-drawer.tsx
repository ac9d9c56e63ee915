// One CVE: the four priority components with their inputs and dates, the SLA (and what set the due date),
// KEV and SSVC facts, why it is AI-relevant, the affected stack entries with the rule and range of each
// match, and the status actions (per CVE or per entry; wont_fix asks for a reason). Every change is audited
// by the engine.
import { useState } from 'react';
import { PATCH_STATUSES, type Patch, type PatchStatus } from '@shared/contract/operations/vulns-schemas';
import { Badge } from '../../components/badge';
import { Drawer, Fields } from '../../components/drawer';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';
import { dueText, severityTone } from './patch-tones';

const COMPONENTS = [['cvss', 'CVSS base'], ['stack', 'Stack match'], ['epss', 'EPSS'], ['age', 'Age']] as const;

function Breakdown({ p }: { p: Patch }) {
  return (
    <table className="breakdown" aria-label="Priority breakdown" data-testid="priority-breakdown">
      <tbody>
        {COMPONENTS.map(([k, name]) => {
          const c = p.breakdown[k];
          return (
            <tr key={k} data-component={k}>
              <td>{name}</td>
              <td className="num mono">{c.points}/{c.max}</td>
              <td><span className="bar" style={{ width: `${Math.round((c.points / c.max) * 60)}px` }} /></td>
              <td>{c.input}{c.date ? <span className="dim"> ({c.date})</span> : null}</td>
            </tr>
          );
        })}
        <tr><td><strong>Priority</strong></td><td className="num mono"><strong>{p.priority}</strong>/100</td><td /><td className="dim">as of {p.breakdown.as_of.slice(0, 10)}</td></tr>
      </tbody>
    </table>
  );
}

function StatusActions({ p, stackId, onDone }: { p: Patch; stackId?: string; onDone(): void }) {
  const [reason, setReason] = useState('');
  const { run, busy, error } = useAction();
  const set = async (status: PatchStatus) => {
    const r = await run((api) => api.call('vulns.setStatus', { id: p.cve_id, status, reason: reason.trim() || undefined, stack_id: stackId }));
    if (r) {
      setReason('');
      onDone();
    }
  };
  return (
    <div className="status-actions" aria-label={stackId ? `Status on ${stackId}` : 'Status'}>
      {PATCH_STATUSES.map((s) => <button key={s} type="button" className="btn btn-small" disabled={busy} onClick={() => void set(s)}>{label(s)}</button>)}
      <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (required for wont_fix)" aria-label="Reason" maxLength={1000} />
      {error ? <ErrorNotice error={error} compact /> : null}
    </div>
  );
}

export function PatchDrawer({ cveId, onClose, onChanged }: { cveId: string; onClose(): void; onChanged(): void }) {
  const q = useOpQuery(`vulns.show:${cveId}`, 'vulns.show', { id: cveId });
  const done = () => { q.reload(); onChanged(); };
  const p = q.data?.patch;
  return (
    <Drawer title={cveId} subtitle={p ? <><Badge tone={severityTone[p.severity]}>{label(p.severity)}</Badge> {p.title ?? ''}</> : null} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} compact /> : null}
      {!p ? <p className="dim">Loading…</p> : (
        <>
          <h3 className="drawer-section">Priority {p.priority}</h3>
          <Breakdown p={p} />
          <h3 className="drawer-section">SLA and status</h3>
          <Fields rows={[
            ['Status', `${label(p.status)}${p.status_reason ? `: ${p.status_reason}` : ''}`],
            ['Due', `${dueText(p)} · ${p.sla.basis_text}`],
            ['Clock started', p.sla.start.slice(0, 10)],
            ['KEV', p.kev ? `added ${p.kev.date_added}, due ${p.kev.due_date ?? '—'}${p.kev.ransomware ? ', known ransomware use' : ''}` : 'no'],
            ['SSVC (CISA)', p.ssvc ? `exploitation ${p.ssvc.exploitation}, automatable ${p.ssvc.automatable}, technical impact ${p.ssvc.technical_impact} → ${p.ssvc.decision ?? '—'}` : 'none'],
            ['CVSS', p.cvss ? `${p.cvss.score} (${p.cvss.version}, ${p.cvss.source}) ${p.cvss.vector}` : 'none in the imported records'],
            ['AI-relevant', p.ai_reason ?? 'no'],
            ['Feeds', p.feeds.join(', ')],
          ]} />
          <StatusActions p={p} onDone={done} />
          <h3 className="drawer-section">Affected stack entries</h3>
          {p.matches.length ? (
            <ul className="ip-list" aria-label="Affected stack entries">
              {p.matches.map((m) => (
                <li key={m.stack_id} data-testid="patch-match">
                  <strong>{m.technology}{m.version ? ` ${m.version}` : ''}</strong> <Badge tone={m.confidence === 'low' ? 'warn' : 'ok'}>{m.confidence} confidence</Badge> <span className="mono">{m.rule}</span> {m.range} · {label(m.status)}
                  <StatusActions p={p} stackId={m.stack_id} onDone={done} />
                </li>
              ))}
            </ul>
          ) : <p className="dim">Nothing on the stack is affected.</p>}
          {p.description ? <><h3 className="drawer-section">Description</h3><p>{p.description}</p></> : null}
        </>
      )}
    </Drawer>
  );
}
