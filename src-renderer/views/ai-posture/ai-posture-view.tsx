// AI posture: the composite score of the AI fleet as a gauge with its trend, the Agent, MCP and Shadow AI
// dimensions (each scored, or marked not assessed with why, and the weight it carries after renormalizing),
// the plain-English brief, cards for the agents with the lethal trifecta and the lowest scores (each opens the
// agent's page), and the enforcement coverage card with its gaps and one click to cover them.
import { useState } from 'react';
import type { AiPosture } from '@shared/contract/operations/ai-posture';
import type { Trend } from '@shared/domain/enums';
import { Badge } from '../../components/badge';
import { fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { bandTone } from '../anomalies/triage-tones';
import { ScoreGauge } from '../posture/score-gauge';
import '../posture/posture.css';
import './ai-posture.css';
import { AgentPage } from './agent-page';
import { GapsCard } from './gaps-card';

const DIM_NAMES = { agent: 'Agent score', mcp: 'MCP score', shadow: 'Shadow AI score' } as const;

/** Improving or degrading against the previous recorded composite; stable with fewer than two points. */
function trendOf(points: AiPosture['trend']): Trend {
  const [prev, last] = points.slice(-2);
  if (!prev || !last || prev.score === last.score) return 'stable';
  return last.score > prev.score ? 'improving' : 'degrading';
}

export function AiPostureView() {
  const q = useOpQuery('ai.posture', 'ai.posture', {});
  const brief = useOpQuery('ai.brief', 'ai.brief', {});
  const gaps = useOpQuery('ai.gaps', 'ai.enforcementGaps', { limit: 50 });
  const [openAgent, setOpenAgent] = useState<string | null>(null);
  const reload = () => { q.reload(); brief.reload(); gaps.reload(); };
  useLiveReload(['asset', 'ai_anomaly', 'policy', 'ai_enforcement'], reload);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="AI posture" subtitle="Agents, MCP servers and shadow AI: the score, what drives it, and what to do first" updatedAt={q.updatedAt} onRefresh={reload} busy={q.status === 'loading'} />
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {openAgent ? <AgentPage agentId={openAgent} onBack={() => setOpenAgent(null)} /> : null}
      {!openAgent && q.data ? <AiPostureBody p={q.data} brief={brief.data?.brief ?? null} onOpen={setOpenAgent} /> : null}
      {!openAgent && !q.data && q.status !== 'error' ? <Loading what="AI posture" /> : null}
      {!openAgent && gaps.data ? <GapsCard scan={gaps.data} onCovered={reload} /> : null}
    </section>
  );
}

function AiPostureBody({ p, brief, onOpen }: { p: AiPosture; brief: string | null; onOpen: (agentId: string) => void }) {
  return (
    <>
      <div className="posture-top">
        <section className="panel gauge-panel" aria-label="AI posture score">
          {p.score !== null && p.band ? <ScoreGauge score={p.score} band={p.band} trend={trendOf(p.trend)} /> : <EmptyState title="Not assessed yet">Register agents with the SDK (ThreatVec.auto()) or <code>threatmatic assets register</code>.</EmptyState>}
          <p className="dim gauge-note">{p.agents.total} agents assessed · {fmtTime(p.assessed_at)}{p.renormalized ? ' · weights renormalized over the assessed dimensions' : ''}</p>
        </section>
        <section className="panel ai-brief" aria-label="AI security brief">
          <h2 className="panel-title">Brief</h2>
          <p data-testid="ai-brief">{brief ?? '…'}</p>
        </section>
      </div>
      <div className="ai-dims">
        {p.dimensions.map((d) => (
          <section key={d.dimension} className="panel ai-dim" aria-label={DIM_NAMES[d.dimension]} data-testid={`ai-dim-${d.dimension}`}>
            <h2 className="panel-title">{DIM_NAMES[d.dimension]}</h2>
            {d.assessed && d.score !== null && d.band ? (
              <p className="ai-dim-score"><span className={`tone-${bandTone[d.band]}`}>{d.score}</span> <Badge tone={bandTone[d.band]}>{label(d.band)}</Badge></p>
            ) : <p className="ai-dim-score"><Badge tone="neutral">Not assessed</Badge></p>}
            <p className="dim">Weight {d.weight}% · in the score {d.effective_weight}%</p>
            <p>{d.why}</p>
            {d.factors.length ? <ul className="ai-factors">{d.factors.slice(0, 5).map((f) => <li key={f.factor + f.why}><span className="mono">{f.points}</span> {label(f.factor)}: {f.why}</li>)}</ul> : null}
          </section>
        ))}
      </div>
      <section className="panel" aria-label="Agents">
        <h2 className="panel-title">Agents</h2>
        <div className="ai-cards">
          {p.agents.lowest.map((a) => {
            const trifecta = p.agents.trifecta.some((t) => t.agent_id === a.agent_id);
            return (
              <article key={a.agent_id} className="ai-card" data-testid="ai-agent-card">
                <button type="button" className="ai-card-open" onClick={() => onOpen(a.agent_id)} aria-label={`Open agent ${a.name}`}>
                  <h3>{a.name}</h3>
                  <p className="mono dim">{a.agent_id}</p>
                  <p><span className={`tone-${bandTone[a.band]}`}>{a.score}</span> <Badge tone={bandTone[a.band]}>{label(a.band)}</Badge></p>
                  {trifecta ? <Badge tone="danger" title="Private data, untrusted content and external communication together">Lethal trifecta</Badge> : null}
                </button>
              </article>
            );
          })}
          {p.agents.total === 0 ? <p className="dim">No agents registered.</p> : null}
        </div>
      </section>
    </>
  );
}
