// The AI services IT approved (registered, LOW risk), shown on the AI assets screen beside agents and MCP
// servers: the spec's "register them as approved via Settings → Assets". Approving happens in the Shadow AI
// panel; here they are listed with a link to it and can be withdrawn.
import { useState } from 'react';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { fmtInt, fmtTime } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { riskTone } from './risk-tone';

export function ApprovedAiServicesPanel() {
  const q = useOpQuery('shadowai.list:registered', 'shadowai.list', { registered: true });
  useLiveReload(['shadow_ai'], q.reload);
  const [error, setError] = useState<ApiError | null>(null);
  async function withdraw(id: string) {
    setError(null);
    try {
      await useStore.getState().api!.call('shadowai.revoke', { service_id: id });
      q.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    }
  }
  const services = q.data?.services ?? [];
  return (
    <section className="panel" aria-label="Approved AI services">
      <h2 className="panel-title">Approved AI services ({services.length})</h2>
      {error ? <ErrorNotice error={error} compact /> : null}
      {services.length === 0 ? <p className="dim">None yet: approve the AI services people may use in the <a href="#/shadow-ai">Shadow AI</a> panel.</p> : (
        <ul className="shadow-review">
          {services.map((s) => (
            <li key={s.id} data-testid="approved-ai-service">
              <Badge tone={riskTone[s.risk]}>{s.risk}</Badge> {s.name} <span className="dim">{fmtInt(s.users)} users · last seen {fmtTime(s.last_seen)} · {s.risk_reason}</span>{' '}
              <button type="button" className="btn btn-small" onClick={() => void withdraw(s.id)}>Withdraw</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
