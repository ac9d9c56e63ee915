// Event search over stored telemetry: free text, kind, entity and a time range, with a histogram of the
// matches over time and the newest matches in a table. The search run is in the address
// (#/events?q=…&kind=dns&since=…, store/events-slice.ts): a reload or a shared link runs it again, back and
// forward step through the searches run, and `#/events?entity_id=<id>` opens it on one device (the device
// drawer's timeline link). Event text comes from ingested logs: rendered as text only.
import { useState } from 'react';
import type { TelemetryEvent } from '@shared/contract/operations/events-search';
import { EVENT_KINDS } from '@shared/domain/enums';
import { DataTable } from '../../components/data-table';
import { fmtTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import type { EventQuery } from '../../store/events-slice';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { EventHistogram } from './event-histogram';
import './events.css';

/** The form as typed: times as the browser's datetime-local values (local time). */
interface Draft { q: string; kind: string; entity_id: string; since: string; until: string }

/** `ids=1,2,3`: the events an anomaly's evidence names (its drawer links here). */
const idsOf = (q: EventQuery) => (q.ids ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0).slice(0, 100);

/** The Events screen's address for the given event ids (an anomaly's evidence). */
export function eventsHref(ids: readonly number[]): string {
  return `#/events?ids=${ids.slice(0, 100).join(',')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO 8601 time as a datetime-local value in the browser's time zone ('' for none or an unreadable one). */
function localInput(isoText: string | undefined): string {
  const d = isoText ? new Date(isoText) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** A datetime-local value (the browser's local time) as ISO 8601, or undefined when empty. */
const iso = (v: string) => (v && !Number.isNaN(new Date(v).getTime()) ? new Date(v).toISOString() : undefined);
const draftOf = (q: EventQuery): Draft => ({ q: q.q ?? '', kind: q.kind ?? '', entity_id: q.entity_id ?? '', since: localInput(q.since), until: localInput(q.until) });
const where = (e: TelemetryEvent) => [e.src_ip && `${e.src_ip}${e.src_port != null ? `:${e.src_port}` : ''}`, e.dst_ip && `→ ${e.dst_ip}${e.dst_port != null ? `:${e.dst_port}` : ''}`, e.domain].filter(Boolean).join(' ');

export function EventsView() {
  const applied = useStore((s) => s.eventQuery);
  const run = useStore((s) => s.setEventQuery);
  const [draft, setDraft] = useState<Draft>(() => draftOf(applied));
  // The form follows a search that arrives from outside (back, forward, a link): it shows what ran. Set
  // while rendering, as React advises for state that follows a prop, rather than in an effect.
  const [shownFor, setShownFor] = useState(applied);
  if (shownFor !== applied) {
    setShownFor(applied);
    setDraft(draftOf(applied));
  }
  const ids = idsOf(applied);
  const kind = EVENT_KINDS.find((k) => k === applied.kind);
  const q = useOpQuery('events.search', 'events.search', {
    q: applied.q || undefined, kind, entity_id: applied.entity_id || undefined,
    since: applied.since, until: applied.until, limit: 100, ids: ids.length ? ids : undefined,
  });
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  // Running the search keeps the evidence's event ids until they are let go.
  const submit = (next: Draft, keepIds: boolean) => run({ q: next.q.trim(), kind: next.kind, entity_id: next.entity_id.trim(), since: iso(next.since), until: iso(next.until), ids: keepIds ? applied.ids : undefined });

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Events" subtitle="Stored telemetry: search by text, kind, entity and time" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <form className="panel events-form" aria-label="Search events" onSubmit={(e) => { e.preventDefault(); submit(draft, true); }}>
        <label>Text<input className="triage-reason" value={draft.q} onChange={set('q')} placeholder="address, domain, user, hash…" spellCheck={false} /></label>
        <label>Kind<select className="triage-reason" value={draft.kind} onChange={set('kind')}><option value="">All</option>{EVENT_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}</select></label>
        <label>Entity<input className="triage-reason mono" value={draft.entity_id} onChange={set('entity_id')} placeholder="device, user or workload id" spellCheck={false} /></label>
        <label>From<input type="datetime-local" className="triage-reason" value={draft.since} onChange={set('since')} /></label>
        <label>To<input type="datetime-local" className="triage-reason" value={draft.until} onChange={set('until')} /></label>
        <button type="submit" className="btn btn-primary">Search</button>
        {ids.length ? (
          <p className="events-ids" data-testid="events-ids">
            Only the {ids.length} event{ids.length === 1 ? '' : 's'} named by the evidence{' '}
            <button type="button" className="btn btn-small" onClick={() => submit(draft, false)}>Search all events</button>
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
