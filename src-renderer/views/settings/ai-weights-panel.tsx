// AI posture weights: the Agent, MCP and Shadow AI weights (the spec's 40/35/25 beside them), the weights
// suggested from the deployment profile with the reason for each, and saving through ai.setPostureWeights
// (validated to sum to 100, audited, admin).
import { useState } from 'react';
import { AI_POSTURE_DIMENSIONS } from '@shared/contract/operations/ai-posture';
import { ErrorNotice, Loading } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';

const NAMES = { agent: 'Agent', mcp: 'MCP', shadow: 'Shadow AI' } as const;

export function AiWeightsPanel() {
  const q = useOpQuery('settings.aiWeights', 'ai.postureWeights', {});
  const suggested = useOpQuery('settings.aiSuggested', 'ai.suggestedWeights', {});
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const value = (d: (typeof AI_POSTURE_DIMENSIONS)[number]) => edits[d] ?? (q.data ? String(q.data.weights[d]) : '');

  async function submit() {
    setSaved(false);
    const weights = Object.fromEntries(AI_POSTURE_DIMENSIONS.map((d) => [d, Number(value(d))])) as Record<(typeof AI_POSTURE_DIMENSIONS)[number], number>;
    if (await save.run((api) => api.call('ai.setPostureWeights', weights))) {
      setSaved(true);
      setEdits({});
      q.reload();
      suggested.reload();
    }
  }

  return (
    <form className="panel settings-form" aria-labelledby="ai-weights-title" data-testid="ai-weights" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="ai-weights-title" className="panel-title">AI posture weights</h2>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!q.data ? (q.status !== 'error' ? <Loading what="AI weights" /> : null) : (
        <>
          <div className="settings-weights">
            {AI_POSTURE_DIMENSIONS.map((d) => (
              <label key={d} className="settings-weight">
                <span className="triage-label">{NAMES[d]} (default {q.data!.defaults[d]})</span>
                <input type="number" min={0} max={100} step={1} className="triage-reason" value={value(d)} onChange={(e) => setEdits({ ...edits, [d]: e.target.value })} />
              </label>
            ))}
          </div>
          {suggested.data ? (
            <div data-testid="ai-weights-suggested">
              <p>Suggested from your deployment: {AI_POSTURE_DIMENSIONS.map((d) => `${NAMES[d]} ${suggested.data!.suggested[d]}`).join(' · ')}</p>
              <ul className="ai-factors">{suggested.data.reasons.map((r) => <li key={r.dimension}>{NAMES[r.dimension]} {r.why}</li>)}</ul>
            </div>
          ) : null}
          <div className="triage-buttons">
            {suggested.data ? <button type="button" className="btn" onClick={() => setEdits(Object.fromEntries(AI_POSTURE_DIMENSIONS.map((d) => [d, String(suggested.data!.suggested[d])])))}>Use suggested</button> : null}
            <button type="submit" className="btn btn-primary" disabled={save.busy}>Save AI weights</button>
            {saved ? <span role="status" className="dim">Saved: the AI posture uses them now</span> : null}
          </div>
          {save.error ? <ErrorNotice error={save.error} compact /> : null}
        </>
      )}
    </form>
  );
}
