// Audit log: every write and refusal, newest first, filtered by actor, action, outcome and time
// (audit.list), with chain verification and JSONL export.
import { useState } from 'react';
import type { AuditEntry } from '@shared/contract/operations/audit-list';
import { AUDIT_OUTCOMES } from '@shared/contract/operations/audit-list';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ErrorNotice } from '../../components/states';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { AuditTools } from './audit-tools';
import '../response/response.css';
import './audit.css';

type Outcome = (typeof AUDIT_OUTCOMES)[number];

const columns: Column<AuditEntry>[] = [
  { key: 'seq', header: '#', kind: 'mono', render: (e) => String(e.seq) },
  { key: 'ts', header: 'Time (UTC)', kind: 'mono', render: (e) => fmtTime(e.ts) },
  { key: 'actor', header: 'Actor', render: (e) => `${e.source} ${e.actor_id}${e.actor_name ? ` (${e.actor_name})` : ''}` },
  { key: 'action', header: 'Action', kind: 'mono', render: (e) => e.action },
  { key: 'outcome', header: 'Outcome', render: (e) => e.outcome },
  { key: 'params', header: 'Parameters', kind: 'wrap', max: 'lg', render: (e) => <span className="mono">{JSON.stringify(e.params)}</span> },
];

export function AuditView() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [since, setSince] = useState('');
  const sinceIso = since ? `${since}:00Z` : undefined;
  const q = useOpQuery('audit.list', 'audit.list', { actor: actor || undefined, action: action || undefined, outcome, since: sinceIso, limit: 200 });
  useLiveReload(['audit', 'policy'], q.reload);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Audit log" subtitle="Every action and refusal with its actor, parameters and outcome, hash-chained" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <AuditTools />
      <div className="toolbar" role="search">
        <SearchBox label="Actor" placeholder="Actor id, agent name or source" value={actor} onChange={setActor} />
        <SearchBox label="Action" placeholder="Action, e.g. policy.isolateDevice or policy." value={action} onChange={setAction} />
        <EnumFilter<Outcome> label="Outcome" value={outcome} options={AUDIT_OUTCOMES} onChange={(o) => setOutcome(o)} />
        <label className="filter">
          <span className="filter-label">Since (UTC)</span>
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
      </div>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {q.data ? (q.data.entries.length === 0 ? <p className="response-note">No audit entry matches these filters.</p> : <DataTable caption="Audit log" columns={columns} rows={q.data.entries} rowKey={(e) => String(e.seq)} busy={q.status === 'loading'} />) : null}
    </section>
  );
}
