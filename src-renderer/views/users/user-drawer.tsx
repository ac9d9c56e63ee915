// One user's record with the response actions on them (Suspend / Restore) and what is in force now.
import type { User } from '@shared/domain/inventory';
import { Badge } from '../../components/badge';
import { Drawer, Fields } from '../../components/drawer';
import { fmtAgo, fmtTime } from '../../components/format';
import { SuspendActions } from '../response/suspend-action';
import { EntityTimeline } from '../timeline/entity-timeline';

export function UserDrawer({ user: u, onClose }: { user: User; onClose(): void }) {
  return (
    <Drawer title={u.display_name ?? u.user_id} subtitle={<span className="mono">{u.user_id}</span>} onClose={onClose}>
      <div className="drawer-badges">
        {u.mfa_enrolled ? <Badge tone="ok">MFA enrolled</Badge> : <Badge tone="danger">MFA not enrolled</Badge>}
        {u.enabled ? <Badge tone="neutral">Account enabled</Badge> : <Badge tone="warn">Account disabled</Badge>}
      </div>
      <h3 className="drawer-section">Response</h3>
      <SuspendActions userId={u.user_id} devices={u.devices} />
      <Fields
        rows={[
          ['Groups', u.groups.length ? u.groups.join(', ') : null],
          ['Home country', u.home_country],
          ['Active on', u.devices.length ? <span key="d" className="mono">{u.devices.join(', ')}</span> : null],
          ['Last seen', u.last_seen ? `${fmtTime(u.last_seen)} (${fmtAgo(u.last_seen)})` : 'never'],
        ]}
      />
      <EntityTimeline entityType="user" entityId={u.user_id} />
    </Drawer>
  );
}
