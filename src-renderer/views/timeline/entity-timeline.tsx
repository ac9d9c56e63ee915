// A device's or user's timeline on one time axis: its telemetry events, its anomalies, and the actions and
// changes recorded about it (isolations, blocks, suspensions, policy and posture changes, incidents), as
// three lanes of an SVG strip (plain SVG: three rows of ticks need no charting library) and one list,
// newest first. Every telemetry event opens on the Events screen; the whole day is one click away there.
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import type { TelemetryEvent } from '@shared/contract/operations/events-search';
import { Badge } from '../../components/badge';
import { fmtTime, label } from '../../components/format';
import type { Tone } from '../../components/tones';
import { ErrorNotice } from '../../components/states';
import { useOpQuery } from '../../store/use-op-query';
import { describeEvent } from '../posture/live-feed';
import { eventsHref } from '../events/events-view';
import { severityTone } from '../anomalies/triage-tones';
import './timeline.css';

type Lane = 'event' | 'anomaly' | 'action';
interface Item { lane: Lane; at: number; key: string; text: string; tone: Tone; href?: string }

const LANES: { lane: Lane; title: string }[] = [
  { lane: 'event', title: 'Telemetry' },
  { lane: 'anomaly', title: 'Anomalies' },
  { lane: 'action', title: 'Actions and changes' },
];
/** Telemetry events listed (newest first); every anomaly and action is listed whatever its age. */
const SHOWN = 60;

/**
 * What the list shows: the newest SHOWN telemetry events, and every anomaly and action among them in time
 * order. A busy device's telemetry would otherwise push its anomalies and the actions taken on it (a few,
 * and what the analyst came for) off the list within hours.
 */
function listed(items: readonly Item[]): Item[] {
  let events = 0;
  return items.filter((i) => i.lane !== 'event' || ++events <= SHOWN);
}

function fromEvent(e: TelemetryEvent): Item {
  const where = [e.dst_ip && `${e.dst_ip}${e.dst_port != null ? `:${e.dst_port}` : ''}`, e.domain].filter(Boolean).join(' ');
  return { lane: 'event', at: Date.parse(e.ts), key: `e${e.id}`, text: `${e.kind}${where ? ` → ${where}` : ''}${e.outcome ? ` (${e.outcome})` : ''} · event ${e.id}`, tone: 'neutral', href: eventsHref([e.id]) };
}
function fromAnomaly(a: AnomalyView): Item {
  return { lane: 'anomaly', at: Date.parse(a.detected_at), key: `a${a.id}`, text: `${label(a.type)} (${a.severity}, ${a.status}): ${a.description}`, tone: severityTone[a.severity] };
}
function fromLogged(e: LoggedEventView): Item {
  return { lane: 'action', at: Date.parse(e.ts), key: `l${e.cursor}`, text: describeEvent(e), tone: e.event_type === 'policy' ? 'warn' : 'info' };
}

export function EntityTimeline({ entityType, entityId }: { entityType: 'device' | 'user'; entityId: string }) {
  const events = useOpQuery(`timeline.events:${entityType}:${entityId}`, 'events.search', { ...(entityType === 'device' ? { entity_id: entityId } : { user_id: entityId }), limit: 200, buckets: 1 });
  const anomalies = useOpQuery(`timeline.anomalies:${entityId}`, 'anomalies.search', { entity_id: entityId, status: 'all', limit: 100 });
  const logged = useOpQuery(`timeline.log:${entityType}:${entityId}`, 'events.read', { cursor: 0, entity_type: entityType, entity_id: entityId, limit: 1000 });
  const items: Item[] = [
    ...(events.data?.events.map(fromEvent) ?? []),
    ...(anomalies.data?.anomalies.map(fromAnomaly) ?? []),
    ...(logged.data?.events.filter((e) => e.event_type !== 'anomaly').map(fromLogged) ?? []),
  ].filter((i) => Number.isFinite(i.at)).sort((a, b) => b.at - a.at);
  const eventCount = items.filter((i) => i.lane === 'event').length;
  const error = events.error ?? anomalies.error ?? logged.error;
  const loading = !events.data || !anomalies.data || !logged.data;
  const lo = Math.min(...items.map((i) => i.at));
  const hi = Math.max(...items.map((i) => i.at));
  const x = (t: number) => (hi > lo ? 2 + ((t - lo) / (hi - lo)) * 96 : 50);

  return (
    <section className="timeline" aria-labelledby={`timeline-${entityType}`}>
      <h3 id={`timeline-${entityType}`} className="drawer-section">Timeline</h3>
      {error ? <ErrorNotice error={error} compact /> : null}
      {loading && !error ? <p className="dim">Loading the timeline…</p> : null}
      {!loading && items.length === 0 ? <p className="dim">Nothing recorded for this {entityType} yet.</p> : null}
      {items.length ? (
        <>
          <figure className="timeline-axis">
            <svg viewBox="0 0 100 36" preserveAspectRatio="none" role="img" aria-label={`${items.length} items from ${fmtTime(new Date(lo).toISOString())} to ${fmtTime(new Date(hi).toISOString())}: ${LANES.map((l) => `${items.filter((i) => i.lane === l.lane).length} ${l.title.toLowerCase()}`).join(', ')}`}>
              {LANES.map((l, row) => (
                <g key={l.lane}>
                  <line x1="0" x2="100" y1={6 + row * 12} y2={6 + row * 12} className="timeline-lane" />
                  {items.filter((i) => i.lane === l.lane).map((i) => <rect key={i.key} x={x(i.at) - 0.3} y={2 + row * 12} width="0.6" height="8" className={`timeline-dot tone-fill-${i.tone}`} />)}
                </g>
              ))}
            </svg>
            <figcaption className="timeline-legend">
              {LANES.map((l) => <span key={l.lane}>{l.title}: {items.filter((i) => i.lane === l.lane).length}</span>)}
              <span>{fmtTime(new Date(lo).toISOString())} → {fmtTime(new Date(hi).toISOString())}</span>
            </figcaption>
          </figure>
          <ol className="timeline-list" data-testid="entity-timeline">
            {listed(items).map((i) => (
              <li key={i.key}>
                <time className="mono" dateTime={new Date(i.at).toISOString()}>{fmtTime(new Date(i.at).toISOString())}</time>
                <Badge tone={i.tone}>{LANES.find((l) => l.lane === i.lane)!.title}</Badge>
                {i.href ? <a href={i.href}>{i.text}</a> : <span>{i.text}</span>}
              </li>
            ))}
          </ol>
          {eventCount > SHOWN ? <p className="dim">The newest {SHOWN} of {eventCount} telemetry events, with every anomaly and action; the Events screen has them all.</p> : null}
        </>
      ) : null}
    </section>
  );
}
