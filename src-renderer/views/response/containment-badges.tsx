// Shows on an entity the response actions in force on it, with since and until.
import type { Policy } from '@shared/contract/operations/policy-schemas';
import { Badge } from '../../components/badge';
import { fmtTime } from '../../components/format';

function sinceUntil(p: Policy): string {
  return `since ${fmtTime(p.updated_at)}${p.expires_at ? `, until ${fmtTime(p.expires_at)}` : ', until released'}`;
}

export function ContainmentBadge({ what, policy }: { what: string; policy: Policy }) {
  return (
    <span data-testid={`containment-${what.toLowerCase()}`}>
      <Badge tone="danger" title={`${policy.policy_id} v${policy.version}`}>{what}</Badge> <span className="containment-when">{sinceUntil(policy)}</span>
    </span>
  );
}
