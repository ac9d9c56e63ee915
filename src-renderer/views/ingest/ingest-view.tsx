// Ingest: the telemetry files ingested (format, counts, status) and every rejected line with its reason.
import type { IngestSource, Reject } from '@shared/contract/index';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { fmtBytes, fmtDuration, fmtInt, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

const sourceColumns: Column<IngestSource>[] = [
  { key: 'file', header: 'File', kind: 'mono', render: (s) => <span title={`${s.path}\nsha256 ${s.sha256}`}>{baseName(s.path)}</span> },
  { key: 'format', header: 'Format', render: (s) => label(s.format) },
  { key: 'size', header: 'Size', kind: 'num', render: (s) => fmtBytes(s.size_bytes) },
  { key: 'lines', header: 'Lines', kind: 'num', render: (s) => fmtInt(s.lines_done) },
  { key: 'events', header: 'Events', kind: 'num', render: (s) => fmtInt(s.events) },
  { key: 'rejects', header: 'Rejects', kind: 'num', render: (s) => (s.rejects ? <span className="tone-warn">{fmtInt(s.rejects)}</span> : '0') },
  { key: 'skipped', header: 'Skipped', kind: 'num', render: (s) => fmtInt(s.skipped) },
  { key: 'hits', header: 'Intel hits', kind: 'num', render: (s) => (s.intel_hits ? <span className="tone-danger">{fmtInt(s.intel_hits)}</span> : '0') },
  { key: 'status', header: 'Status', render: (s) => <Badge tone={s.status === 'complete' ? 'ok' : 'warn'}>{s.status}</Badge> },
  { key: 'started', header: 'Started', render: (s) => fmtTime(s.started_at) },
  { key: 'took', header: 'Took', kind: 'num', render: (s) => (s.finished_at ? fmtDuration(Date.parse(s.started_at), Date.parse(s.finished_at)) : '—') },
];

const rejectColumns: Column<Reject>[] = [
  { key: 'file', header: 'File', kind: 'mono', render: (r) => <span title={r.file}>{baseName(r.file)}</span> },
  { key: 'line', header: 'Line', kind: 'num', render: (r) => fmtInt(r.line) },
  { key: 'reason', header: 'Reason', kind: 'wrap', render: (r) => r.reason },
  { key: 'excerpt', header: 'Excerpt', kind: 'mono', render: (r) => (r.excerpt ? <span className="excerpt" title={r.excerpt}>{r.excerpt}</span> : '—') },
];

export function IngestView() {
  const sourceQuery = useStore((s) => s.sourceQuery);
  const setSourceQuery = useStore((s) => s.setSourceQuery);
  const rejectQuery = useStore((s) => s.rejectQuery);
  const setRejectQuery = useStore((s) => s.setRejectQuery);
  const sources = useOpQuery('ingest.sources', 'ingest.sources', sourceQuery);
  const rejects = useOpQuery('ingest.rejects', 'ingest.rejects', rejectQuery);
  useLiveReload(['ingest'], sources.reload);
  useLiveReload(['ingest'], rejects.reload);
  const chosen = sources.data?.sources.find((s) => s.id === rejectQuery.source_id);
  const reload = () => {
    sources.reload();
    rejects.reload();
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Ingest" subtitle="Telemetry files ingested, and the lines refused with their reasons" updatedAt={sources.updatedAt} onRefresh={reload} busy={sources.status === 'loading' || rejects.status === 'loading'} />
      <section className="panel" aria-labelledby="sources-title">
        <h2 id="sources-title" className="panel-title">
          Ingested files
        </h2>
        {sources.error ? <ErrorNotice error={sources.error} onRetry={sources.reload} compact /> : null}
        {!sources.data ? (
          sources.status !== 'error' ? <Loading what="ingested files" /> : null
        ) : sources.data.total === 0 ? (
          <EmptyState title="Nothing ingested yet">Ingest telemetry with <code>threatmatic ingest FILE</code> (canonical JSONL, Zeek, Suricata EVE, OCSF).</EmptyState>
        ) : (
          <>
            <DataTable
              caption="Ingested files (open one to see its rejected lines)"
              columns={sourceColumns}
              rows={sources.data.sources}
              rowKey={(s) => String(s.id)}
              selectedKey={rejectQuery.source_id === undefined ? null : String(rejectQuery.source_id)}
              onOpen={(s) => setRejectQuery({ source_id: rejectQuery.source_id === s.id ? undefined : s.id })}
              busy={sources.status === 'loading'}
            />
            <Pager total={sources.data.total} limit={sourceQuery.limit} offset={sourceQuery.offset} onChange={setSourceQuery} />
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="rejects-title">
        <h2 id="rejects-title" className="panel-title">
          Rejected lines
          {rejectQuery.source_id !== undefined ? (
            <button type="button" className="chip chip-button" onClick={() => setRejectQuery({ source_id: undefined })} aria-label="Show rejects of every file">
              {chosen ? baseName(chosen.path) : `source ${rejectQuery.source_id}`} ✕
            </button>
          ) : null}
        </h2>
        {rejects.error ? <ErrorNotice error={rejects.error} onRetry={rejects.reload} compact /> : null}
        {!rejects.data ? (
          rejects.status !== 'error' ? <Loading what="rejected lines" /> : null
        ) : rejects.data.total === 0 ? (
          <EmptyState title="No rejected lines">Every line ingested {rejectQuery.source_id !== undefined ? 'from this file ' : ''}was understood.</EmptyState>
        ) : (
          <>
            <DataTable caption="Rejected lines" columns={rejectColumns} rows={rejects.data.rejects} rowKey={(r) => String(r.id)} busy={rejects.status === 'loading'} />
            <Pager total={rejects.data.total} limit={rejectQuery.limit} offset={rejectQuery.offset} onChange={setRejectQuery} />
          </>
        )}
      </section>
    </section>
  );
}
