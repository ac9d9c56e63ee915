// Suspend / Restore for one user: the confirmation names the devices the suspension reaches, the result
// gives what policy.suspendUser reports (devices, blast radius).
import { useState } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { fmtTime } from '../../components/format';
import { useStore } from '../../store/index';
import { BlastRadiusLine } from './blast-radius';
import { ContainmentBadge } from './containment-badges';
import { containmentChanged, useContainment } from './use-containment';
import './response.css';

export function SuspendActions({ userId, devices }: { userId: string; devices: string[] }) {
  const c = useContainment(userId);
  const [open, setOpen] = useState<'suspend' | 'restore' | null>(null);
  const close = () => setOpen(null);
  async function suspend(reason?: string) {
    const r = await useStore.getState().api!.call('policy.suspendUser', { user_id: userId, reason });
    containmentChanged();
    return (
      <>
        <p>{r.status === 'already_suspended' ? 'Already suspended' : 'Suspended'}{r.expires_at ? ` until ${fmtTime(r.expires_at)}` : ''} ({r.policy_id} v{r.version}).</p>
        <p>Devices: <span className="mono">{r.devices.join(', ') || 'none'}</span></p>
        <BlastRadiusLine radius={r.blast_radius} />
      </>
    );
  }
  async function restore(reason?: string) {
    const r = await useStore.getState().api!.call('policy.restoreUser', { user_id: userId, reason });
    containmentChanged();
    return (
      <>
        <p>{r.changed ? 'Restored' : 'Was not suspended'}.</p>
        <BlastRadiusLine radius={r.blast_radius} />
      </>
    );
  }
  return (
    <div className="containment">
      {c.suspension ? <ContainmentBadge what="Suspended" policy={c.suspension} /> : null}
      <div className="containment-actions">
        {c.suspension ? (
          <button type="button" className="btn" onClick={() => setOpen('restore')}>Restore user</button>
        ) : (
          <button type="button" className="btn btn-danger" disabled={c.loading} onClick={() => setOpen('suspend')}>Suspend user</button>
        )}
      </div>
      {open === 'suspend' ? (
        <ConfirmDialog title={`Suspend ${userId}?`} confirmLabel="Suspend" run={suspend} onClose={close} preview={<p>All network access of <span className="mono">{userId}</span> is cut on every device they are the active user of{devices.length ? <>: <span className="mono">{devices.join(', ')}</span></> : ' (none right now)'}.</p>} />
      ) : null}
      {open === 'restore' ? <ConfirmDialog title={`Restore ${userId}?`} confirmLabel="Restore" run={restore} onClose={close} preview={<p>The suspension ends and the user reaches the network again.</p>} /> : null}
    </div>
  );
}
