// The data folder (where the database lives, how big it is) and retention: how many days each kind of
// data is kept before the scheduler prunes it; an empty field keeps that kind forever (retention.set, admin).
import { useState } from 'react';
import type { OpOutput } from '@shared/contract/index';
import { ErrorNotice, Loading } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function DataPanel({ stats }: { stats: OpOutput<'system.stats'> | null }) {
  const retention = useOpQuery('settings.retention', 'retention.get', {});
  // Only the fields the user changed; the others show the windows in force.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction();

  async function submit() {
    setSaved(false);
    const input = Object.fromEntries(Object.entries(edits).map(([k, v]) => [k, v.trim() === '' ? null : Number(v)]));
    if (await save.run((api) => api.call('retention.set', input))) {
      setSaved(true);
      setEdits({});
      retention.reload();
    }
  }

  return (
    <form className="panel settings-form" aria-labelledby="data-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="data-title" className="panel-title">Data folder and retention</h2>
      {stats ? (
        <p data-testid="data-dir">
          Data folder <code className="mono">{stats.data_dir}</code>: database {mb(stats.db_size_bytes)} ({mb(stats.db_free_bytes)} free inside), schema version {stats.schema_version}.
        </p>
      ) : null}
      {retention.error ? <ErrorNotice error={retention.error} onRetry={retention.reload} /> : null}
      {!retention.data ? (retention.status !== 'error' ? <Loading what="retention" /> : null) : (
        <>
          <div className="settings-weights">
            {retention.data.kinds.map((k) => (
              <label key={k.kind} className="settings-weight" title={k.what}>
                <span className="triage-label">{k.kind.replace(/_/g, ' ')}: days (default {k.default_days ?? 'forever'})</span>
                <input type="number" min={1} max={3650} step={1} className="triage-reason" value={edits[k.kind] ?? (k.days === null ? '' : String(k.days))} placeholder="forever" onChange={(e) => setEdits({ ...edits, [k.kind]: e.target.value })} />
                <span className="dim settings-hint">{k.what}</span>
              </label>
            ))}
          </div>
          <div className="triage-buttons">
            <button type="submit" className="btn btn-primary" disabled={save.busy}>Save retention</button>
            {saved ? <span role="status" className="dim">Saved: older data goes at the next prune</span> : null}
          </div>
          {save.error ? <ErrorNotice error={save.error} compact /> : null}
        </>
      )}
    </form>
  );
}
