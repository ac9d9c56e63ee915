// The newest events of the log as they arrive: anomalies, incidents, posture changes, policy actions.
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import { Badge } from '../../components/badge';
import { label } from '../../components/format';
import { useStore } from '../../store/index';
import { severityTone } from '../anomalies/triage-tones';

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** One line saying what the event was. */
function describeEvent(e: LoggedEventView): string {
  const d = e.data;
  switch (e.event_type) {
    case 'anomaly':
      return `${label(str(d.anomaly_type))} ${str(d.change)} on ${str(e.entity_id)}: ${str(d.description)}`;
    case 'incident':
      return `Incident ${str(d.change) === 'status' ? str(d.status) : str(d.change)}: ${str(d.title)}`;
    case 'posture_change':
      return `${e.entity_id ?? 'Fleet'} posture ${str(d.previous_score)} → ${str(d.score)} (${label(str(d.band))})`;
    default: {
      const what = str(d.summary) || str(d.action) || str(d.change) || Object.keys(d).slice(0, 3).join(', ');
      return `${label(e.event_type)}${e.entity_id ? ` on ${e.entity_id}` : ''}${what ? `: ${what}` : ''}`;
    }
  }
}

export function LiveFeed({ limit = 15 }: { limit?: number }) {
  const feed = useStore((s) => s.liveFeed);
  const error = useStore((s) => s.liveError);
  const polled = useStore((s) => s.liveCursor !== null);
  return (
    <section className="panel" aria-labelledby="feed-title">
      <h2 id="feed-title" className="panel-title">
        Live events <span className={`live-dot${error ? ' live-dot-error' : ''}`} title={error ?? 'Events arrive as they happen'} aria-hidden="true" />
      </h2>
      {error ? <p className="tone-warn">Event log unreachable: {error}</p> : null}
      {feed.length === 0 ? (
        <p className="dim">{polled ? 'No events yet: anomalies, incidents and posture changes appear here as they happen.' : 'Connecting to the event log…'}</p>
      ) : (
        <ol className="feed" aria-live="polite" data-testid="live-feed">
          {feed.slice(0, limit).map((e) => (
            <li key={e.cursor} className="feed-item">
              <time className="feed-time mono" dateTime={e.ts} title={e.ts}>{e.ts.slice(5, 16).replace('T', ' ')}</time>
              <Badge tone={e.severity ? severityTone[e.severity] : 'neutral'}>{label(e.event_type)}</Badge>
              <span className="feed-text" title={describeEvent(e)}>{describeEvent(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
