// The threat context of one indicator: reputation, categories, actors, first/last seen, feed sources, fleet block.
import { BlockButton } from '../response/block-action';
import type { ThreatContext } from '@shared/contract/index';
import { Badge } from '../../components/badge';
import { Fields } from '../../components/drawer';
import { fmtTime, label } from '../../components/format';
import { reputationTone } from '../../components/tones';

function Chips({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <span className="dim">{empty}</span>;
  return (
    <span className="chips">
      {items.map((i) => (
        <span key={i} className="chip">
          {i}
        </span>
      ))}
    </span>
  );
}

export function ThreatContextCard({ ctx }: { ctx: ThreatContext }) {
  return (
    <article className={`panel context-card rep-${ctx.reputation}`} aria-label={`Threat context of ${ctx.indicator}`} data-testid="threat-context">
      <header className="context-head">
        <div>
          <div className="context-type">{label(ctx.type)}</div>
          <div className="context-indicator mono">{ctx.indicator}</div>
        </div>
        <span className={`reputation reputation-${reputationTone[ctx.reputation]}`} data-testid="reputation">
          {ctx.reputation}
        </span>
      </header>
      {ctx.feed_sources === 0 ? <p className="context-note">No imported feed lists this indicator. Unknown is not the same as safe.</p> : null}
      <Fields
        rows={[
          ['Categories', <Chips key="c" items={ctx.categories} empty="none" />],
          ['Threat actors', <Chips key="a" items={ctx.threat_actors} empty="none attributed" />],
          ['First seen', fmtTime(ctx.first_seen)],
          ['Last seen', fmtTime(ctx.last_seen)],
          ['Feed sources', String(ctx.feed_sources)],
          ['Blocked in fleet', ctx.blocked_in_fleet ? <Badge key="b" tone="ok">Blocked{ctx.block_policy_id ? ` by ${ctx.block_policy_id}` : ''}</Badge> : <Badge key="b" tone={ctx.reputation === 'malicious' ? 'danger' : 'neutral'}>Not blocked</Badge>],
        ]}
      />
      {ctx.blocked_in_fleet ? null : <div className="containment-actions"><BlockButton destination={ctx.indicator} /></div>}
    </article>
  );
}
