// Isolate / Release for one device: the confirmation shows the management path a quarantine would
// apply now (policy.managementPaths with device_id), then the result of policy.isolateDevice.
import { useState } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { label } from '../../components/format';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { BlastRadiusLine } from './blast-radius';
import { ContainmentBadge } from './containment-badges';
import { containmentChanged, useContainment } from './use-containment';
import './response.css';

function IsolatePreview({ deviceId }: { deviceId: string }) {
  const q = useOpQuery(`management-path:${deviceId}`, 'policy.managementPaths', { device_id: deviceId });
  const eff = q.data?.effective;
  if (!eff) return <p>{q.error ? q.error.message : 'Reading the management path…'}</p>;
  return (
    <div data-testid="isolate-preview">
      <p>
        <span className="mono">{deviceId}</span> will reach only its management path; all other traffic is blocked and its current policies are set aside until release.
      </p>
      <p>
        Management path ({label(eff.source)}): <span className="mono">{eff.destinations.length ? eff.destinations.join(', ') : 'nothing'}</span>
      </p>
      {eff.dropped.length ? (
        <ul aria-label="Left off the path">
          {eff.dropped.map((d) => (
            <li key={d.destination}><span className="mono">{d.destination}</span>: {d.reason}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function IsolateActions({ deviceId, buttonLabel = 'Isolate device' }: { deviceId: string; buttonLabel?: string }) {
  const c = useContainment(deviceId);
  const [open, setOpen] = useState<'isolate' | 'release' | null>(null);
  const close = () => setOpen(null);
  async function isolate(reason?: string) {
    const api = useStore.getState().api!;
    const r = await api.call('policy.isolateDevice', { device_id: deviceId, reason, notify: true });
    containmentChanged();
    return (
      <>
        <p>{r.status === 'isolated' ? 'Isolated' : 'Already isolated'} ({r.policy_id} v{r.version}).</p>
        <p>Reachable: <span className="mono">{r.management_path.join(', ') || 'nothing'}</span></p>
        <BlastRadiusLine radius={r.blast_radius} />
      </>
    );
  }
  async function release(reason?: string) {
    const api = useStore.getState().api!;
    const r = await api.call('policy.releaseDevice', { device_id: deviceId, reason });
    containmentChanged();
    return (
      <>
        <p>{r.status === 'released' ? 'Released' : 'Was not isolated'}.</p>
        <p>Policies in force again: {r.restored_policies.length ? r.restored_policies.join(', ') : 'none'}</p>
        <BlastRadiusLine radius={r.blast_radius} />
      </>
    );
  }
  return (
    <div className="containment">
      {c.isolation ? <ContainmentBadge what="Isolated" policy={c.isolation} /> : null}
      <div className="containment-actions">
        {c.isolation ? (
          <button type="button" className="btn" onClick={() => setOpen('release')}>Release device</button>
        ) : (
          <button type="button" className="btn btn-danger" disabled={c.loading} onClick={() => setOpen('isolate')}>{buttonLabel}</button>
        )}
      </div>
      {open === 'isolate' ? <ConfirmDialog title={`Isolate ${deviceId}?`} confirmLabel="Isolate" preview={<IsolatePreview deviceId={deviceId} />} run={isolate} onClose={close} /> : null}
      {open === 'release' ? <ConfirmDialog title={`Release ${deviceId}?`} confirmLabel="Release" preview={<p>The quarantine ends and the policies the device had before isolation apply again.</p>} run={release} onClose={close} /> : null}
    </div>
  );
}
