// What response actions are in force on an identity or destination, read from policy.list: the active
// isolation, suspension and block policies the action tools wrote (there is no separate state to read).
import type { Policy } from '@shared/contract/operations/policy-schemas';
import { useEffect } from 'react';
import { useOpQuery } from '../../store/use-op-query';

function containmentKey(id: string): string {
  return `containment:${id}`;
}

/** Active action-made policies whose rules name this device or user. */
export function useContainment(identityId: string) {
  const q = useOpQuery(containmentKey(identityId), 'policy.list', { identity_id: identityId, status: 'active', limit: 100, offset: 0 });
  useReloadOnChange(q.reload);
  const policies = (q.data?.policies ?? []).filter((p) => p.kind !== 'custom');
  return {
    loading: q.status === 'loading' && !q.data,
    isolation: policies.find((p) => p.kind === 'isolation') ?? null,
    suspension: policies.find((p) => p.kind === 'suspension') ?? null,
    blocks: policies.filter((p) => p.kind === 'block'),
    reload: q.reload,
  };
}

const BLOCKS_KEY = 'containment:fleet-blocks';

/** Active block policies (fleet-wide and scoped), to show which destinations are already blocked. */
export function useBlocks() {
  const q = useOpQuery(BLOCKS_KEY, 'policy.list', { kind: 'block', status: 'active', limit: 1000, offset: 0 });
  useReloadOnChange(q.reload);
  return { blocks: q.data?.policies ?? [], reload: q.reload };
}

/** The active block covering exactly this destination, if any. */
export function blockOf(blocks: Policy[], destination: string): Policy | null {
  return blocks.find((p) => p.rules.some((r) => r.action === 'block' && r.destination === destination)) ?? null;
}

const CHANGED = 'threatmatic:containment-changed';

/** After an action: every panel showing containment re-reads it (the device drawer and the anomaly's both). */
export function containmentChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

function useReloadOnChange(reload: () => void): void {
  useEffect(() => {
    window.addEventListener(CHANGED, reload);
    return () => window.removeEventListener(CHANGED, reload);
  }, [reload]);
}
