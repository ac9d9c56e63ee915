// One device's full record, with its addresses one click from a threat-intel lookup.
import type { Device } from '@shared/domain/inventory';
import { Badge } from '../../components/badge';
import { EntityTimeline } from '../timeline/entity-timeline';
import { Drawer, Fields } from '../../components/drawer';
import { fmtAgo, fmtTime, label } from '../../components/format';
import { firmwareTone, trustTone } from '../../components/tones';
import { useStore } from '../../store/index';
import { IsolateActions } from '../response/isolate-action';
import { DevicePostureSection } from './device-posture-section';

export function DeviceDrawer({ device: d, onClose }: { device: Device; onClose(): void }) {
  const lookUp = (ip: string) => {
    const s = useStore.getState();
    s.setLookupText(ip);
    s.submitLookup();
    s.openDevice(null);
    s.navigate('intel');
  };
  const certExpired = d.cert_expires_at ? Date.parse(d.cert_expires_at) < Date.now() : false;
  return (
    <Drawer title={d.name ?? d.device_id} subtitle={<span className="mono">{d.device_id}</span>} onClose={onClose}>
      <div className="drawer-badges">
        <Badge tone={trustTone[d.trust_level]}>Trust: {label(d.trust_level)}</Badge>
        <Badge tone={firmwareTone[d.firmware_status]}>Firmware: {label(d.firmware_status)}</Badge>
        {certExpired ? <Badge tone="danger">Certificate expired</Badge> : null}
      </div>
      <h3 className="drawer-section">Response</h3>
      <IsolateActions deviceId={d.device_id} />
      <Fields
        rows={[
          ['Type', label(d.device_type)],
          ['Manufacturer', d.manufacturer],
          ['Model', d.model],
          ['Firmware version', d.firmware_version ? <span className="mono">{d.firmware_version}</span> : null],
          ['Site', d.site],
          ['Owner', d.owner],
          ['Enrolled', fmtTime(d.enrolled_at)],
          ['Certificate expires', d.cert_expires_at ? `${fmtTime(d.cert_expires_at)} (${fmtAgo(d.cert_expires_at)})` : null],
          ['Last seen', d.last_seen ? `${fmtTime(d.last_seen)} (${fmtAgo(d.last_seen)})` : 'never'],
        ]}
      />
      <DevicePostureSection deviceId={d.device_id} />
      <p>
        <a className="btn btn-small" href={`#/events?entity_id=${encodeURIComponent(d.device_id)}`}>Events of this device</a>
      </p>
      <h3 className="drawer-section">IP addresses</h3>
      {d.ip_addresses.length === 0 ? (
        <p className="dim">No address on record: telemetry cannot be attributed to this device.</p>
      ) : (
        <ul className="ip-list">
          {d.ip_addresses.map((ip) => (
            <li key={ip}>
              <span className="mono">{ip}</span>
              <button type="button" className="btn btn-small" onClick={() => lookUp(ip)}>
                Threat context
              </button>
            </li>
          ))}
        </ul>
      )}
      <EntityTimeline entityType="device" entityId={d.device_id} />
    </Drawer>
  );
}
