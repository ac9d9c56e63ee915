// One agent's page: its posture card (score, rule count, trust score, status, the factors and what is not
// assessed), its risk profile (each trifecta leg and the tools that give it, statically and in its last run),
// its tool map (every tool, its legs, and what policy decides), the drift chart (each tool's calls in the last
// day against its daily average before) and its recent runs.
import type { AgentPosture } from '@shared/contract/operations/ai-posture';
import { Badge } from '../../components/badge';
import { fmtTime, label } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/states';
import { useOpQuery } from '../../store/use-op-query';
import { bandTone } from '../anomalies/triage-tones';

export function AgentPage({ agentId, onBack }: { agentId: string; onBack: () => void }) {
  const q = useOpQuery(`ai.agent:${agentId}`, 'ai.agentPosture', { agent_id: agentId });
  const runs = useOpQuery(`ai.agentRuns:${agentId}`, 'agents.activity', { agent_id: agentId, type: 'run_start', limit: 10 });
  return (
    <section className="ai-agent-page" aria-label="Agent" data-testid="ai-agent-page">
      <button type="button" className="btn" onClick={onBack}>← All agents</button>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!q.data ? (q.status !== 'error' ? <Loading what="agent posture" /> : null) : <AgentBody a={q.data} runs={runs.data?.events.map((e) => ({ run_id: e.run_id ?? '', ts: e.ts })) ?? []} />}
    </section>
  );
}

function AgentBody({ a, runs }: { a: AgentPosture; runs: { run_id: string; ts: string }[] }) {
  const t = a.risk_profile.static;
  const peak = Math.max(1, ...a.usage.tools.map((x) => Math.max(x.recent, x.baseline_daily)));
  return (
    <>
      <div className="ai-dims">
        <section className="panel" aria-label="Posture card" data-testid="ai-agent-card-detail">
          <h2 className="panel-title">{a.name}</h2>
          <p className="mono dim">{a.agent_id} · {a.status} · owner {a.owner ?? 'none'}</p>
          <p className="ai-dim-score"><span className={`tone-${bandTone[a.band]}`}>{a.score}</span> <Badge tone={bandTone[a.band]}>{label(a.band)}</Badge></p>
          <p>Rules {a.rule_count} · trust score {a.trust_score}</p>
          <ul className="ai-factors">{a.factors.map((f) => <li key={f.factor}><span className="mono">{f.points}</span> {label(f.factor)}: {f.why}</li>)}</ul>
          {a.not_assessed.length ? <p className="dim">Not assessed: {a.not_assessed.map((n) => `${label(n.component)} (${n.why})`).join('; ')}</p> : null}
        </section>
        <section className="panel" aria-label="Risk profile" data-testid="ai-risk-profile">
          <h2 className="panel-title">Risk profile</h2>
          {t.complete ? <Badge tone="danger">Lethal trifecta</Badge> : <Badge tone="ok">{t.legs.filter((l) => l.present).length} of 3 legs</Badge>}
          <ul className="ai-legs">
            {t.legs.map((l) => (
              <li key={l.leg} data-testid={`ai-leg-${l.leg}`}>
                <strong>{label(l.leg)}</strong>: {l.present ? l.tools.map((x) => x.tool).join(', ') : 'no'}
              </li>
            ))}
          </ul>
          {t.cheapest_reason ? <p>Cheapest leg to break: {t.cheapest_reason}</p> : null}
          <p className="dim">{a.risk_profile.runtime ? `Last run ${a.risk_profile.runtime.run_id}: ${a.risk_profile.runtime.complete ? 'used all three legs' : `${a.risk_profile.runtime.legs.filter((l) => l.present).length} leg(s) used`}` : 'No run reported yet.'}</p>
        </section>
        <section className="panel" aria-label="Recent runs">
          <h2 className="panel-title">Recent runs</h2>
          {runs.length ? <ul className="ai-factors">{runs.map((r) => <li key={r.run_id + r.ts}><span className="mono">{r.run_id}</span> {fmtTime(r.ts)}</li>)}</ul> : <p className="dim">No runs reported.</p>}
        </section>
      </div>
      <section className="panel" aria-label="Tool map" data-testid="ai-tool-map">
        <h2 className="panel-title">Tool map</h2>
        <table className="ai-table">
          <thead><tr><th>Tool</th><th>Legs</th><th>High risk</th><th>Decision</th><th>Policy</th></tr></thead>
          <tbody>
            {a.tools.map((x) => (
              <tr key={x.tool}>
                <td className="mono">{x.tool}</td>
                <td>{x.legs.map(label).join(', ') || '—'}</td>
                <td>{x.high_risk ? <Badge tone={x.covered ? 'ok' : 'danger'}>{x.covered ? 'covered' : 'gap'}</Badge> : ''}</td>
                <td>{label(x.decision)}</td>
                <td className="mono">{x.policy_id ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-label="Drift" data-testid="ai-drift">
        <h2 className="panel-title">Drift: last day against the daily average before</h2>
        <p className="dim">{a.usage.recent_calls} tool calls in the last day, {a.usage.baseline_daily_calls} a day before; error rate {Math.round(a.usage.recent_error_rate * 100)}% against {Math.round(a.usage.baseline_error_rate * 100)}%</p>
        <div className="ai-drift" role="img" aria-label="Tool calls per tool, last day against the daily average">
          {a.usage.tools.map((x) => (
            <div key={x.tool} className="ai-drift-row">
              <span className="mono ai-drift-label">{x.tool}</span>
              <span className="ai-bar ai-bar-base" style={{ width: `${(x.baseline_daily / peak) * 100}%` }} title={`daily average ${x.baseline_daily}`} />
              <span className={`ai-bar ${x.baseline_daily === 0 && x.recent > 0 ? 'ai-bar-new' : 'ai-bar-recent'}`} style={{ width: `${(x.recent / peak) * 100}%` }} title={`last day ${x.recent}`} />
            </div>
          ))}
          {a.usage.tools.length === 0 ? <p className="dim">No tool calls reported.</p> : null}
        </div>
      </section>
    </>
  );
}
