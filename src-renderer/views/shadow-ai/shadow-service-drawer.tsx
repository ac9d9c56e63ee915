// One AI service in use: risk and why, who uses it on which device since when and how much went up, an
// hourly timeline, PII categories reported, published terms; approve it (owner, data classes) or block it
// with one click through the existing block_destination (each of its domains and their subdomains).
import { useState } from 'react';
import { PII_CATEGORIES, type PiiCategory } from '@shared/domain/shadow-ai';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { Drawer, Fields } from '../../components/drawer';
import { fmtBytes, fmtInt, fmtTime, label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { riskTone } from './risk-tone';

const asError = (err: unknown) => (err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));

export function ShadowServiceDrawer({ serviceId, onClose, onChange }: { serviceId: string; onClose(): void; onChange(): void }) {
  const q = useOpQuery(`shadowai.get:${serviceId}`, 'shadowai.get', { service_id: serviceId });
  const [owner, setOwner] = useState('');
  const [classes, setClasses] = useState<PiiCategory[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const d = q.data;
  const s = d?.service;

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      q.reload();
      onChange();
    } catch (err) {
      setError(asError(err));
    } finally {
      setBusy(false);
    }
  }
  const approve = () => run(async () => {
    await useStore.getState().api!.call('shadowai.approve', { service_id: serviceId, owner: owner.trim() || undefined, data_classes: classes });
  });
  const revoke = () => run(async () => {
    await useStore.getState().api!.call('shadowai.revoke', { service_id: serviceId });
  });
  const block = () => run(async () => {
    const targets = d?.block_destinations ?? [];
    for (const destination of targets) await useStore.getState().api!.call('policy.blockDestination', { destination, reason: `Shadow AI: ${s?.name ?? serviceId} is not approved` });
    setBlocked(`Blocked ${targets.length} destinations fleet-wide`);
  });

  const max = Math.max(1, ...(d?.timeline ?? []).map((t) => t.count));
  return (
    <Drawer title={s ? `${s.registered ? '' : '! '}${s.name}` : serviceId} subtitle={<span className="mono">{serviceId}</span>} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} compact /> : null}
      {s && d ? (
        <>
          <div className="drawer-badges">
            <Badge tone={riskTone[s.risk]}>{s.risk}</Badge>
            <Badge tone={s.registered ? 'ok' : 'danger'}>{s.registered ? 'Approved' : 'Unregistered'}</Badge>
            {s.kind ? <Badge tone="neutral">{label(s.kind)}</Badge> : null}
          </div>
          <p data-testid="shadow-risk-reason">{s.risk_reason}</p>
          <Fields rows={[
            ['Vendor', s.vendor],
            ['Audience', s.audience],
            ['Seen', `${fmtTime(s.first_seen)} to ${fmtTime(s.last_seen)}`],
            ['Volume', `${fmtInt(s.count)} sightings, ${fmtBytes(s.bytes_up)} up`],
            ['Channels', s.channels.join(', ')],
            ['Sources', s.sources.join(', ')],
            ['Users', d.users.length ? <span data-testid="shadow-users">{d.users.join(', ')}</span> : 'none known'],
            ['PII in uploads', Object.keys(s.pii).length ? Object.entries(s.pii).map(([k, n]) => `${label(k)} ×${n}`).join(', ') : null],
            ['Terms', s.terms],
            ['Approval', d.approval ? `by ${d.approval.approved_by} ${fmtTime(d.approval.approved_at)}${d.approval.owner ? `, owner ${d.approval.owner}` : ''}; data classes: ${d.approval.data_classes.join(', ') || 'none'}` : null],
          ]} />
          <h3 className="drawer-section">Timeline (sightings per hour)</h3>
          <div className="shadow-timeline" aria-label="Timeline">
            {[...d.timeline].reverse().map((t) => <span key={t.hour} title={`${fmtTime(t.hour)}: ${t.count} sightings, ${fmtBytes(t.bytes_up)} up`} style={{ height: `${Math.max(4, (t.count / max) * 100)}%` }} />)}
          </div>
          <h3 className="drawer-section">Users and devices</h3>
          <DataTable
            caption="Sightings"
            rows={d.sightings}
            rowKey={(x) => `${x.source}|${x.channel}|${x.entity_id ?? ''}|${x.user_id ?? ''}`}
            columns={[
              { key: 'device', header: 'Device', render: (x) => x.entity_id ?? '—' },
              { key: 'user', header: 'User', render: (x) => x.user_id ?? '—' },
              { key: 'source', header: 'Source', render: (x) => `${x.source} · ${x.channel}` },
              { key: 'count', header: 'Count', kind: 'num', render: (x) => fmtInt(x.count) },
              { key: 'up', header: 'Up', kind: 'num', render: (x) => fmtBytes(x.bytes_up) },
              { key: 'last', header: 'Last seen', render: (x) => fmtTime(x.last_seen) },
            ]}
          />
          {error ? <ErrorNotice error={error} compact /> : null}
          {blocked ? <p role="status">{blocked}</p> : null}
          {s.registered ? (
            <div className="shadow-actions"><button type="button" className="btn" disabled={busy} onClick={() => void revoke()}>Withdraw approval</button></div>
          ) : (
            <form className="shadow-actions" aria-label="Approve service" onSubmit={(e) => { e.preventDefault(); void approve(); }}>
              <input aria-label="Owner" placeholder="Owner (team or email)" value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} />
              {PII_CATEGORIES.map((c) => (
                <label key={c} className="dim"><input type="checkbox" checked={classes.includes(c)} onChange={(e) => setClasses(e.target.checked ? [...classes, c] : classes.filter((x) => x !== c))} /> {label(c)}</label>
              ))}
              <button type="submit" className="btn" disabled={busy}>Approve</button>
            </form>
          )}
          {d.block_destinations.length ? (
            <div className="shadow-actions">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void block()}>Block {s.name}</button>
              <span className="dim">block_destination for {d.block_destinations.length / 2} domains and their subdomains, fleet-wide</span>
            </div>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
