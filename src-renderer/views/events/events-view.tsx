// Event search over stored telemetry: free text, kind, entity and a time range, with a histogram of the
// matches over time and the newest matches in a table. `#/events?entity_id=<id>` opens it on one device
// (the device drawer's timeline link). Event text comes from ingested logs: rendered as text only.
import { useState } from 'react';
import type { TelemetryEvent } from '@shared/contract/operations/events-search';
import { EVENT_KINDS } from '@shared/domain/enums';
import { DataTable } from '../../components/data-table';
import { fmtTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useOpQuery } from '../../store/use-op-query';
import { EventHistogram } from './event-histogram';
import './events.css';

interface Filters { q: string; kind: string; entity_id: string; since: string; until: string; ids: number[] }

function fromHash(): Filters {
  const query = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  // `ids=1,2,3`: the events an anomaly's evidence names (its drawer links here).
  const ids = (query.get('ids') ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0).slice(0, 100);
  return { q: query.get('q') ?? '', kind: query.get('kind') ?? '', entity_id: query.get('entity_id') ?? '', since: '', until: '', ids };
}

/** The Events screen's address for the given event ids (an anomaly's evidence). */
export function eventsHref(ids: readonly number[]): string {
  return `#/events?ids=${ids.slice(0, 100).join(',')}`;
}

/** A datetime-local value (the browser's local time) as ISO 8601, or undefined when empty. */
const iso = (v: string) => (v ? new Date(v).toISOString() : undefined);
const where = (e: TelemetryEvent) => [e.src_ip && `${e.src_ip}${e.src_port != null ? `:${e.src_port}` : ''}`, e.dst_ip && `→ ${e.dst_ip}${e.dst_port != null ? `:${e.dst_port}` : ''}`, e.domain].filter(Boolean).join(' ');

export function EventsView() {
  const [draft, setDraft] = useState<Filters>(fromHash);
  const [applied, setApplied] = useState<Filters>(draft);
  const q = useOpQuery('events.search', 'events.search', {
    q: applied.q || undefined, kind: (applied.kind || undefined) as TelemetryEvent['kind'] | undefined, entity_id: applied.entity_id || undefined,
    since: iso(applied.since), until: iso(applied.until), limit: 100, ids: applied.ids.length ? applied.ids : undefined,
  });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Events" subtitle="Stored telemetry: search by text, kind, entity and time" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <form className="panel events-form" aria-label="Search events" onSubmit={(e) => { e.preventDefault(); setApplied(draft); }}>
        <label>Text<input className="triage-reason" value={draft.q} onChange={set('q')} placeholder="address, domain, user, hash…" spellCheck={false} /></label>
        <label>Kind<select className="triage-reason" value={draft.kind} onChange={set('kind')}><option value="">All</option>{EVENT_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}</select></label>
        <label>Entity<input className="triage-reason mono" value={draft.entity_id} onChange={set('entity_id')} placeholder="device, user or workload id" spellCheck={false} /></label>
        <label>From<input type="datetime-local" className="triage-reason" value={draft.since} onChange={set('since')} /></label>
        <label>To<input type="datetime-local" className="triage-reason" value={draft.until} onChange={set('until')} /></label>
        <button type="submit" className="btn btn-primary">Search</button>
        {draft.ids.length ? (
          <p className="events-ids" data-testid="events-ids">
            Only the {draft.ids.length} event{draft.ids.length === 1 ? '' : 's'} named by the evidence{' '}
            <button type="button" className="btn btn-small" onClick={() => { const next = { ...draft, ids: [] }; setDraft(next); setApplied(next); }}>Search all events</button>
          </p>
        ) : null}
      </form>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!q.data ? (q.status !== 'error' ? <Loading what="events" /> : null) : (
        <section className="panel" aria-labelledby="events-found">
          <h2 id="events-found" className="panel-title">{q.data.total} matching events{q.data.since ? ` from ${fmtTime(q.data.since)} to ${fmtTime(q.data.until!)}` : ''}</h2>
          <EventHistogram buckets={q.data.histogram} total={q.data.total} />
          {q.data.events.length === 0 ? <EmptyState title="No event matches">Widen the time range or clear a filter.</EmptyState> : (
            <DataTable<TelemetryEvent>
              caption={`Newest ${q.data.events.length} of ${q.data.total}`}
              rows={q.data.events}
              rowKey={(e) => String(e.id)}
              columns={[
                { key: 'ts', header: 'Time', render: (e) => <time dateTime={e.ts}>{fmtTime(e.ts)}</time> },
                { key: 'kind', header: 'Kind', render: (e) => e.kind },
                { key: 'entity', header: 'Entity', kind: 'mono', render: (e) => e.entity_id ?? '—' },
                { key: 'where', header: 'Connection', kind: 'mono', max: 'lg', render: where },
                { key: 'user', header: 'User', render: (e) => e.user_id ?? '—' },
                { key: 'outcome', header: 'Outcome', render: (e) => e.outcome ?? '—' },
                { key: 'detail', header: 'Detail', max: 'lg', render: (e) => e.detail ?? '' },
              ]}
            />
          )}
        </section>
      )}
    </section>
  );
}
