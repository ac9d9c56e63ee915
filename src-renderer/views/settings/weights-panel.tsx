// Posture score weights: the four dimensions' weights (the spec's defaults beside them); saving rescores
// every entity, through posture.setWeights (audited, admin).
import { useState } from 'react';
import { ErrorNotice, Loading } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';

const DIMENSIONS = ['identity', 'behavior', 'policy', 'threat'] as const;
type Weights = Record<(typeof DIMENSIONS)[number], number>;

export function WeightsPanel() {
  const q = useOpQuery('settings.weights', 'posture.weights', {});
  // Only the fields the user changed; the others show the weights in force.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const value = (d: (typeof DIMENSIONS)[number]) => edits[d] ?? (q.data ? String(q.data.weights[d]) : '');

  async function submit() {
    setSaved(false);
    const weights = Object.fromEntries(DIMENSIONS.map((d) => [d, Number(value(d))])) as Weights;
    if (await save.run((api) => api.call('posture.setWeights', weights))) {
      setSaved(true);
      setEdits({});
      q.reload();
    }
  }

  return (
    <form className="panel settings-form" aria-labelledby="weights-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="weights-title" className="panel-title">Posture score weights</h2>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!q.data ? (q.status !== 'error' ? <Loading what="weights" /> : null) : (
        <>
          <div className="settings-weights">
            {DIMENSIONS.map((d) => (
              <label key={d} className="settings-weight">
                <span className="triage-label">{d[0].toUpperCase() + d.slice(1)} (default {q.data!.defaults[d]})</span>
                <input type="number" min={0} max={100} step={1} className="triage-reason" value={value(d)} onChange={(e) => setEdits({ ...edits, [d]: e.target.value })} />
              </label>
            ))}
          </div>
          <div className="triage-buttons">
            <button type="submit" className="btn btn-primary" disabled={save.busy}>Save weights</button>
            {saved ? <span role="status" className="dim">Saved: every entity is rescored</span> : null}
          </div>
          {save.error ? <ErrorNotice error={save.error} compact /> : null}
        </>
      )}
    </form>
  );
}
