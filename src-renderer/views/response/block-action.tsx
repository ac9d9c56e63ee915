// Block destination, fleet-wide, from wherever the destination is shown (anomaly, incident, intel lookup):
// the confirmation says what is blocked, the result gives policy.blockDestination's answer and blast radius.
import { useState } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { label } from '../../components/format';
import { useStore } from '../../store/index';
import { BlastRadiusLine } from './blast-radius';
import { ContainmentBadge } from './containment-badges';
import { blockOf, containmentChanged, useBlocks } from './use-containment';
import './response.css';

export function BlockButton({ destination }: { destination: string }) {
  const { blocks } = useBlocks();
  const [open, setOpen] = useState(false);
  const existing = blockOf(blocks, destination);
  async function block(reason?: string) {
    const r = await useStore.getState().api!.call('policy.blockDestination', { destination, scope: 'fleet', reason });
    containmentChanged();
    return (
      <>
        <p>{label(r.status)}: <span className="mono">{r.destination}</span> ({label(r.destination_type)}, {r.scope}) — {r.policy_id} v{r.version}.</p>
        <BlastRadiusLine radius={r.blast_radius} />
      </>
    );
  }
  // The dialog stays mounted when the block lands, so its result is shown before the badge replaces the button.
  return (
    <>
      {existing ? <ContainmentBadge what="Blocked" policy={existing} /> : <button type="button" className="btn btn-small btn-danger" aria-label={`Block ${destination}`} onClick={() => setOpen(true)}>Block</button>}
      {open ? (
        <ConfirmDialog title={`Block ${destination}?`} confirmLabel="Block" run={block} onClose={() => setOpen(false)} preview={<p>Every device and user in the fleet is refused traffic to <span className="mono">{destination}</span> until the block is removed.</p>} />
      ) : null}
    </>
  );
}
