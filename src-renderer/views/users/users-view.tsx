// Users: identities with MFA state, groups, and the devices each is active on.
import { useCallback } from 'react';
import type { User } from '@shared/domain/inventory';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { SearchBox } from '../../components/filters';
import { fmtAgo } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { UserDrawer } from './user-drawer';

const columns: Column<User>[] = [
  {
    key: 'user',
    header: 'User',
    max: 'lg',
    sort: (u) => (u.display_name ?? u.user_id).toLowerCase(),
    render: (u) => (
      <span className="two-line" title={`${u.display_name ?? u.user_id}\n${u.user_id}`}>
        <span className="primary">{u.display_name ?? u.user_id}</span>
        <span className="secondary mono">{u.user_id}</span>
      </span>
    ),
  },
  { key: 'mfa', header: 'MFA', sort: (u) => (u.mfa_enrolled ? 1 : 0), render: (u) => (u.mfa_enrolled ? <Badge tone="ok">Enrolled</Badge> : <Badge tone="danger">Not enrolled</Badge>) },
  { key: 'enabled', header: 'Account', sort: (u) => (u.enabled ? 1 : 0), render: (u) => (u.enabled ? <Badge tone="neutral">Enabled</Badge> : <Badge tone="warn">Disabled</Badge>) },
  { key: 'groups', header: 'Groups', kind: 'wrap', render: (u) => (u.groups.length ? u.groups.join(', ') : '—') },
  { key: 'country', header: 'Home', sort: (u) => u.home_country, render: (u) => u.home_country ?? '—' },
  { key: 'devices', header: 'Active on', sort: (u) => u.devices.length, kind: 'wrap', render: (u) => (u.devices.length ? <span className="mono">{u.devices.join(', ')}</span> : '—') },
  { key: 'seen', header: 'Last seen', sort: (u) => u.last_seen, render: (u) => <span title={u.last_seen ?? 'never'}>{fmtAgo(u.last_seen)}</span> },
];

const MFA_CHOICES = [
  { value: '', label: 'All' },
  { value: 'yes', label: 'Enrolled' },
  { value: 'no', label: 'Not enrolled' },
];

export function UsersView() {
  const query = useStore((s) => s.userQuery);
  const setQuery = useStore((s) => s.setUserQuery);
  const q = useOpQuery('users.list', 'inventory.listUsers', query);
  useLiveReload(['ingest', 'policy'], q.reload);
  const openId = useStore((s) => s.openUserId);
  const setOpenId = useStore((s) => s.openUser);
  const close = useCallback(() => setOpenId(null), [setOpenId]);
  const open = q.data?.users.find((u) => u.user_id === openId) ?? null;
  const filtered = Boolean(query.search || query.mfa_enrolled !== undefined);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Users" subtitle="Identities, MFA enrolment, groups and the devices they use" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <SearchBox label="Search users" placeholder="Search user id or name" value={query.search ?? ''} onChange={(search) => setQuery({ search: search || undefined })} />
        <label className="filter">
          <span className="filter-label">MFA</span>
          <select value={query.mfa_enrolled === undefined ? '' : query.mfa_enrolled ? 'yes' : 'no'} onChange={(e) => setQuery({ mfa_enrolled: e.target.value === '' ? undefined : e.target.value === 'yes' })}>
            {MFA_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ListResult q={q} what="users" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={<EmptyState title={filtered ? 'No user matches these filters' : 'No users yet'}>{filtered ? 'Change the search or the MFA filter.' : 'Users come from the inventory import.'}</EmptyState>}>
        {(data) => <DataTable caption="Users" columns={columns} rows={data.users} rowKey={(u) => u.user_id} onOpen={(u) => setOpenId(u.user_id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      {open ? <UserDrawer user={open} onClose={close} /> : openId && q.data ? <UserById key={openId} id={openId} onClose={close} /> : null}
    </section>
  );
}

/** A user opened by URL who is not on the page shown: found by searching for the id. */
function UserById({ id, onClose }: { id: string; onClose(): void }) {
  const found = useOpQuery(`users.open:${id}`, 'inventory.listUsers', { search: id, limit: 5, offset: 0 });
  const user = found.data?.users.find((u) => u.user_id === id);
  return user ? <UserDrawer user={user} onClose={onClose} /> : null;
}
