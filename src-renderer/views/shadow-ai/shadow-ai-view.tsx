// Shadow AI panel: every AI service seen in use across the fleet, ! for unregistered ones, with risk
// (HIGH / MEDIUM / LOW) and why, users, devices and volume; the Shadow AI score with its factors; the
// review queue of unknown AI-looking names (classify or dismiss). A service opens in a drawer (users,
// devices, timeline, approve, block). Reloads live on shadow_ai events.
import { useState } from 'react';
import type { ShadowService } from '@shared/contract/operations/shadow-ai';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { fmtBytes, fmtInt, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { riskTone } from './risk-tone';
import { ShadowServiceDrawer } from './shadow-service-drawer';
import './shadow-ai.css';

function ReviewQueue({ onChange }: { onChange(): void }) {
  const q = useOpQuery('shadowai.review', 'shadowai.review', { status: 'pending' });
  const [error, setError] = useState<ApiError | null>(null);
  async function decide(domain: string, action: 'classify' | 'dismiss') {
    setError(null);
    try {
      await useStore.getState().api!.call('shadowai.decide', { domain, action });
      q.reload();
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    }
  }
  const items = q.data?.items ?? [];
  return (
    <section className="panel" aria-label="Review queue">
      <h2 className="panel-title">Review queue ({items.length})</h2>
      {error ? <ErrorNotice error={error} compact /> : null}
      {items.length === 0 ? <p className="dim">No unknown AI-looking service waiting.</p> : (
        <ul className="shadow-review">
          {items.map((i) => (
            <li key={i.domain} data-testid="shadow-review-item">
              <Badge tone="danger">HIGH</Badge> <span className="mono">{i.domain}</span> <span className="dim">{i.example_host} · {i.reason} · {fmtInt(i.count)} seen, last {fmtTime(i.last_seen)}</span>{' '}
              <button type="button" className="btn btn-small" onClick={() => void decide(i.domain, 'classify')}>Classify as AI service</button>{' '}
              <button type="button" className="btn btn-small" onClick={() => void decide(i.domain, 'dismiss')}>Not AI</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ShadowAiView() {
  const list = useOpQuery('shadowai.list', 'shadowai.list', {});
  const posture = useOpQuery('ai.posture', 'ai.posture', {});
  const [selected, setSelected] = useState<string | null>(null);
  const reload = () => { list.reload(); posture.reload(); };
  useLiveReload(['shadow_ai', 'ai_anomaly'], reload);
  const shadow = posture.data?.dimensions.find((d) => d.dimension === 'shadow');
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Shadow AI" subtitle="AI services people use, from network telemetry, proxy logs, the browser extension and Copilot logs; ! marks services IT has not approved" updatedAt={list.updatedAt} onRefresh={reload} busy={list.status === 'loading'} />
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <div className="shadow-top">
        <section className="panel" aria-label="Shadow AI score" data-testid="shadow-score">
          <h2 className="panel-title">Shadow AI score</h2>
          {shadow?.assessed ? <p className="shadow-score">{shadow.score}</p> : <p className="shadow-score"><Badge tone="neutral">Not assessed</Badge></p>}
          <p className="dim">{shadow?.why ?? ''}</p>
          {shadow?.factors.length ? <ul className="ai-factors">{shadow.factors.slice(0, 5).map((f) => <li key={f.why}><span className="mono">{f.points}</span> {f.why}</li>)}</ul> : null}
        </section>
        <ReviewQueue onChange={reload} />
      </div>
      {!list.data ? (list.status !== 'error' ? <Loading what="AI services" /> : null) : list.data.services.length === 0 ? (
        <EmptyState title="No AI service seen yet">Ingest DNS, proxy, Zeek or Suricata logs (`threatmatic ingest`), install the browser extension (/extension) or import a Copilot audit log.</EmptyState>
      ) : (
        <DataTable<ShadowService>
          caption="AI services in use"
          rows={list.data.services}
          rowKey={(s) => s.id}
          selectedKey={selected}
          onOpen={(s) => setSelected(s.id)}
          columns={[
            { key: 'mark', header: '', render: (s) => (s.registered ? null : <span className="shadow-mark" title="Unregistered">!</span>) },
            { key: 'name', header: 'Service', render: (s) => <span title={s.id}>{s.name}</span> },
            { key: 'kind', header: 'Kind', render: (s) => (s.kind ? `${label(s.kind)}${s.audience ? ` · ${s.audience}` : ''}` : 'unknown') },
            { key: 'risk', header: 'Risk', render: (s) => <Badge tone={riskTone[s.risk]} title={s.risk_reason}>{s.risk}</Badge> },
            { key: 'why', header: 'Why', max: 'lg', render: (s) => s.risk_reason },
            { key: 'users', header: 'Users', kind: 'num', render: (s) => fmtInt(s.users) },
            { key: 'devices', header: 'Devices', kind: 'num', render: (s) => fmtInt(s.devices) },
            { key: 'up', header: 'Up', kind: 'num', render: (s) => fmtBytes(s.bytes_up) },
            { key: 'last', header: 'Last seen', render: (s) => fmtTime(s.last_seen) },
          ]}
        />
      )}
      {selected ? <ShadowServiceDrawer serviceId={selected} onClose={() => setSelected(null)} onChange={reload} /> : null}
    </section>
  );
}
