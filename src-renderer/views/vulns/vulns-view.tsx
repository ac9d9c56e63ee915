// Vulnerability Exposure: the CVEs affecting the AI stack ranked by priority (sortable, filtered), the
// headline counts, the ✨ question bar (answered locally; the filter it extracted becomes the table's, shown
// as chips to refine), and the CVE drawer with the four-component breakdown, affected stack entries and
// status actions. Reloads live when a critical CVE lands on the stack.
import { useCallback, useState } from 'react';
import type { OpOutput } from '@shared/contract/index';
import { PATCH_SORTS, VULN_SEVERITIES, type Patch } from '@shared/contract/operations/vulns-schemas';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtDate, fmtInt, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { StatTile } from '../../components/stat-tile';
import { EmptyState, ErrorNotice, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useAction } from '../../store/use-action';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { PatchDrawer } from './patch-drawer';
import { dueText, severityTone } from './patch-tones';
import './vulns.css';

const SCOPES = ['ai', 'stack', 'all'] as const;
const STATUS_FILTERS = ['open', 'closed', 'all', 'investigating', 'fixed', 'deployed', 'wont_fix'] as const;

const columns: Column<Patch>[] = [
  { key: 'priority', header: 'Priority', kind: 'num', render: (p) => <strong title={`CVSS ${p.breakdown.cvss.points} + stack ${p.breakdown.stack.points} + EPSS ${p.breakdown.epss.points} + age ${p.breakdown.age.points}`}>{p.priority}</strong> },
  { key: 'cve', header: 'CVE', kind: 'mono', render: (p) => p.cve_id },
  { key: 'severity', header: 'Severity', render: (p) => <Badge tone={severityTone[p.severity]}>{label(p.severity)}</Badge> },
  { key: 'kev', header: 'KEV', render: (p) => (p.kev ? <Badge tone="danger" title={`Added ${p.kev.date_added}`}>KEV</Badge> : '') },
  { key: 'stack', header: 'On the stack', max: 'md', render: (p) => (p.matches.length ? p.matches.map((m) => `${m.technology}${m.version ? ` ${m.version}` : ''}${m.confidence === 'low' ? ' (low confidence)' : ''}`).join(', ') : '—') },
  { key: 'due', header: 'Due', render: (p) => <span className={p.sla.overdue && (p.status === 'open' || p.status === 'investigating') ? 'tone-danger' : undefined} title={p.sla.basis_text}>{dueText(p)}</span> },
  { key: 'status', header: 'Status', render: (p) => label(p.status) },
  { key: 'title', header: 'Title', max: 'lg', render: (p) => <span title={p.description ?? ''}>{p.title ?? p.description ?? '—'}</span> },
];

function Headline() {
  const q = useOpQuery('vulns.stats', 'vulns.stats', {});
  useLiveReload(['new_critical_cve'], q.reload);
  const s = q.data;
  if (!s) return null;
  return (
    <div className="vulns-tiles">
      <StatTile label="Open on the stack" value={fmtInt(s.open)} detail={`${fmtInt(s.in_stack)} CVEs affect the stack`} tone={s.open ? 'warn' : 'ok'} />
      <StatTile label="Overdue" value={fmtInt(s.overdue)} detail={`${fmtInt(s.due_7d)} due within 7 days`} tone={s.overdue ? 'danger' : 'ok'} />
      <StatTile label="KEV on the stack" value={fmtInt(s.kev_in_stack)} tone={s.kev_in_stack ? 'danger' : 'ok'} />
      <StatTile label="Critical open" value={fmtInt(s.by_severity.critical ?? 0)} tone={(s.by_severity.critical ?? 0) ? 'danger' : 'ok'} />
      <StatTile label="Feeds" value={fmtInt(s.total)} detail={s.feeds.map((f) => `${f.kind} ${f.feed_date ?? fmtDate(f.last_import)}`).join(' · ') || 'none imported: threatmatic cve import'} />
    </div>
  );
}

function QuestionBar({ onAnswer }: { onAnswer(a: OpOutput<'vulns.ask'>): void }) {
  const [question, setQuestion] = useState('');
  const { run, busy, error } = useAction();
  const ask = async () => {
    if (!question.trim()) return;
    const a = await run((api) => api.call('vulns.ask', { question }));
    if (a) onAnswer(a);
  };
  return (
    <form className="vulns-ask" onSubmit={(e) => { e.preventDefault(); void ask(); }} role="search" aria-label="Ask about patches">
      <span aria-hidden="true">✨</span>
      <input type="text" value={question} onChange={(e) => setQuestion(e.target.value)} placeholder="Ask: what langchain patches matter most right now?" aria-label="Question" maxLength={500} />
      <button type="submit" className="btn btn-primary" disabled={busy || !question.trim()}>Ask</button>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}

export function VulnsView() {
  const query = useStore((s) => s.patchQuery);
  const setQuery = useStore((s) => s.setPatchQuery);
  const replaceFilter = useStore((s) => s.replacePatchFilter);
  const openId = useStore((s) => s.openCveId);
  const openCve = useStore((s) => s.openCve);
  const [answer, setAnswer] = useState<OpOutput<'vulns.ask'> | null>(null);
  const q = useOpQuery('vulns.patches', 'vulns.patches', query);
  useLiveReload(['new_critical_cve'], q.reload);
  const close = useCallback(() => openCve(null), [openCve]);
  const onAnswer = (a: OpOutput<'vulns.ask'>) => {
    setAnswer(a);
    replaceFilter(a.filter);
  };
  const chips = [
    ...(query.products ?? []).map((p) => `product ${p}`), query.ecosystem && `ecosystem ${query.ecosystem}`, query.severity?.length && `severity ${query.severity.join('/')}`,
    query.kev && 'KEV', query.exploited && 'exploited', query.overdue && 'overdue', query.published_after && `since ${query.published_after}`, query.min_epss !== undefined && `EPSS ≥ ${query.min_epss}`,
  ].filter((c): c is string => typeof c === 'string' && c !== '');
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Vulnerability exposure" subtitle="CVEs affecting the AI stack, by priority: CVSS 40, stack match 30, EPSS 20, age 10" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <Headline />
      <QuestionBar onAnswer={onAnswer} />
      {answer ? (
        <section className="panel vulns-answer" aria-label="Answer" data-testid="patch-answer">
          <p>{answer.answer}</p>
          <p className="dim">Filter used: {answer.understood.join('; ') || 'none'}</p>
        </section>
      ) : null}
      <div className="toolbar" role="search">
        <SearchBox label="Search CVEs" placeholder="Search CVE id, title or package" value={query.q ?? ''} onChange={(v) => setQuery({ q: v || undefined })} />
        <EnumFilter label="Scope" value={query.scope} options={SCOPES} onChange={(scope) => setQuery({ scope: scope ?? 'ai' })} />
        <EnumFilter label="Status" value={query.status} options={STATUS_FILTERS} onChange={(status) => setQuery({ status: status ?? 'open' })} />
        <EnumFilter label="Severity" value={query.severity?.length === 1 ? query.severity[0] : undefined} options={VULN_SEVERITIES} onChange={(s) => setQuery({ severity: s ? [s] : undefined })} />
        <EnumFilter label="Sort by" value={query.sort} options={PATCH_SORTS} onChange={(sort) => setQuery({ sort: sort ?? 'priority' })} />
        <label className="vulns-check"><input type="checkbox" checked={query.kev === true} onChange={(e) => setQuery({ kev: e.target.checked || undefined })} /> KEV only</label>
        <label className="vulns-check"><input type="checkbox" checked={query.overdue === true} onChange={(e) => setQuery({ overdue: e.target.checked || undefined })} /> Overdue</label>
      </div>
      {chips.length ? (
        <div className="chips" aria-label="Active filters">
          {chips.map((c) => <span key={c} className="chip">{c}</span>)}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => { setAnswer(null); replaceFilter({ scope: 'ai', status: 'open', sort: 'priority' }); }}>Clear filters</button>
        </div>
      ) : null}
      <ListResult q={q} what="CVEs" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={
        <EmptyState title="No CVE matches">Import feeds with <code>threatmatic cve import</code> and the stack with <code>threatmatic stack import</code> (or POST /api/v1/tech-stack/import), or widen the filters.</EmptyState>
      }>
        {(data) => <DataTable caption="CVEs by priority" columns={columns} rows={data.patches} rowKey={(p) => p.cve_id} onOpen={(p) => openCve(p.cve_id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      {openId ? <PatchDrawer cveId={openId} onClose={close} onChanged={q.reload} /> : null}
    </section>
  );
}
