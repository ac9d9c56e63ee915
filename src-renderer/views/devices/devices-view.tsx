// Devices: the fleet inventory with type, firmware, trust and management filters, search, paging and a
// detail drawer. Devices seen in telemetry but absent from the inventory are marked as discovered.
import { useCallback } from 'react';
import type { Device } from '@shared/domain/inventory';
import { DEVICE_TYPES, FIRMWARE_STATUSES, TRUST_LEVELS } from '@shared/domain/enums';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtAgo, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { firmwareTone, trustTone } from '../../components/tones';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { DeviceDrawer } from './device-drawer';

const MANAGEMENT = ['managed', 'discovered'] as const;
/**
 * The table draws only the rows in view, so a page can hold the most one call returns (the contract's
 * limit, 1,000): an analyst scrolls a thousand devices before turning a page of a 100,000-device fleet.
 */
const PAGE_SIZES = [25, 50, 100, 250, 1000] as const;
type Management = (typeof MANAGEMENT)[number];

const columns: Column<Device>[] = [
  {
    key: 'device',
    header: 'Device',
    max: 'lg',
    sort: (d) => (d.name ?? d.device_id).toLowerCase(),
    render: (d) => (
      <span className="two-line" title={`${d.name ?? d.device_id}\n${d.device_id}`}>
        <span className="primary">
          {d.name ?? d.device_id}
          {d.discovered ? <> <Badge tone="warn" title="Seen in telemetry but not in the inventory: an unmanaged device, named by its address">Discovered</Badge></> : null}
        </span>
        <span className="secondary mono">{d.device_id}</span>
      </span>
    ),
  },
  { key: 'type', header: 'Type', sort: (d) => d.device_type, render: (d) => label(d.device_type) },
  { key: 'model', header: 'Make / model', sort: (d) => [d.manufacturer, d.model].filter(Boolean).join(' ') || null, max: 'md', render: (d) => { const m = [d.manufacturer, d.model].filter(Boolean).join(' '); return m ? <span title={m}>{m}</span> : '—'; } },
  { key: 'fw', header: 'Firmware', sort: (d) => d.firmware_status, max: 'md', render: (d) => <span title={d.firmware_version ?? 'version unknown'}><Badge tone={firmwareTone[d.firmware_status]}>{label(d.firmware_status)}</Badge> <span className="mono dim">{d.firmware_version ?? '—'}</span></span> },
  { key: 'trust', header: 'Trust', sort: (d) => d.trust_level, render: (d) => <Badge tone={trustTone[d.trust_level]}>{label(d.trust_level)}</Badge> },
  { key: 'ips', header: 'IP addresses', kind: 'mono', max: 'md', render: (d) => (d.ip_addresses.length ? <span title={d.ip_addresses.join('\n')}>{d.ip_addresses.join(', ')}</span> : '—') },
  { key: 'site', header: 'Site', sort: (d) => d.site, max: 'sm', render: (d) => d.site ?? '—' },
  { key: 'seen', header: 'Last seen', sort: (d) => d.last_seen, render: (d) => <span title={d.last_seen ?? 'never'}>{fmtAgo(d.last_seen)}</span> },
];

export function DevicesView() {
  const query = useStore((s) => s.deviceQuery);
  const setQuery = useStore((s) => s.setDeviceQuery);
  const openId = useStore((s) => s.openDeviceId);
  const openDevice = useStore((s) => s.openDevice);
  const q = useOpQuery('devices.list', 'inventory.listDevices', query);
  useLiveReload(['ingest', 'posture_change', 'policy'], q.reload);
  const open = q.data?.devices.find((d) => d.device_id === openId) ?? null;
  const close = useCallback(() => openDevice(null), [openDevice]);
  const filtered = Boolean(query.search || query.device_type || query.firmware_status || query.trust_level || query.discovered !== undefined);
  const management: Management | undefined = query.discovered === undefined ? undefined : query.discovered ? 'discovered' : 'managed';

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Devices" subtitle="Every device in the fleet: firmware, trust, addresses and activity" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <SearchBox label="Search devices" placeholder="Search id, name, model or IP" value={query.search ?? ''} onChange={(search) => setQuery({ search: search || undefined })} />
        <EnumFilter label="Type" value={query.device_type} options={DEVICE_TYPES} onChange={(device_type) => setQuery({ device_type })} />
        <EnumFilter label="Firmware" value={query.firmware_status} options={FIRMWARE_STATUSES} onChange={(firmware_status) => setQuery({ firmware_status })} />
        <EnumFilter label="Trust" value={query.trust_level} options={TRUST_LEVELS} onChange={(trust_level) => setQuery({ trust_level })} />
        <EnumFilter label="Inventory" value={management} options={MANAGEMENT} onChange={(m) => setQuery({ discovered: m === undefined ? undefined : m === 'discovered' })} />
        {filtered ? (
          <button type="button" className="btn btn-ghost" onClick={() => setQuery({ search: undefined, device_type: undefined, firmware_status: undefined, trust_level: undefined, discovered: undefined })}>
            Clear filters
          </button>
        ) : null}
      </div>
      <ListResult q={q} what="devices" page={{ limit: query.limit, offset: query.offset, onChange: setQuery, sizes: PAGE_SIZES }} empty={filtered ? <EmptyState title="No device matches these filters">Change the search or clear the filters.</EmptyState> : <EmptyState title="No devices yet">Import an inventory with <code>threatmatic inventory import FILE</code>, or start <code>threatmatic serve</code> without <code>--no-demo</code> to seed the demo fleet.</EmptyState>}>
        {(data) => <DataTable caption="Devices" columns={columns} rows={data.devices} rowKey={(d) => d.device_id} onOpen={(d) => openDevice(d.device_id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      {open ? <DeviceDrawer device={open} onClose={close} /> : null}
    </section>
  );
}
