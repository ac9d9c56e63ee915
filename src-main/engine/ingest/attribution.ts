// Attributes events to inventory entities and collects, per batch, what the inventory must learn:
// last_seen of each entity (once per entity per batch, not per event), user-device logins, and the
// discovered devices: hosts of this network telemetry shows but the inventory does not hold.
import { isIP } from 'node:net';
import { signsInOnDevice } from '../detect/user-activity';
import type { Inventory } from '../inventory/inventory';
import type { PipelineEvent } from './parsers/types';

/**
 * Explicit device_id / workload_id wins; else the source address, then the destination (flows,
 * DNS, auth alike); an event no address explains but that names a user belongs to that user; else
 * the private source, then the private destination, is a discovered device named by that address.
 */
export function attribute(ev: PipelineEvent, inventory: Inventory): void {
  if (ev.device_id !== undefined) {
    ev.entity_type = 'device';
    ev.entity_id = ev.device_id;
    return;
  }
  if (ev.workload_id !== undefined) {
    ev.entity_type = 'workload';
    ev.entity_id = ev.workload_id;
    return;
  }
  if (ev.host_name !== undefined) {
    // Host logs (Windows, Sysmon) name the computer that wrote them: that computer is the subject.
    const byName = inventory.entityForHostName(ev.host_name) ?? inventory.discoverableNamed(ev.host_name);
    if (byName !== undefined) {
      ev.entity_type = byName.type;
      ev.entity_id = byName.id;
      return;
    }
  }
  let ref = ev.src_ip !== undefined ? inventory.entityForIp(ev.src_ip) : undefined;
  if (ref === undefined && ev.dst_ip !== undefined) ref = inventory.entityForIp(ev.dst_ip);
  if (ref !== undefined) {
    ev.entity_type = ref.type;
    ev.entity_id = ref.id;
  } else if (ev.user_id !== undefined) {
    ev.entity_type = 'user';
    ev.entity_id = ev.user_id;
  } else {
    ref = inventory.discoverableAt(ev.src_ip) ?? inventory.discoverableAt(ev.dst_ip);
    if (ref !== undefined) {
      ev.entity_type = ref.type;
      ev.entity_id = ref.id;
    }
  }
}

export class BatchActivity {
  private readonly devices = new Map<string, number>();
  private readonly workloads = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly logins: { user: string; device: string; ts: number }[] = [];
  /** Discovered devices of the batch: address → first time seen. */
  private readonly discovered = new Map<string, number>();

  /** Notes what an attributed event tells the inventory. */
  note(ev: PipelineEvent): void {
    if (ev.entity_type === 'device') {
      const id = ev.entity_id!;
      bump(this.devices, id, ev.ts);
      // A device named by an address of its own event is a discovered one (registration is idempotent).
      if (ev.device_id === undefined && (id === ev.src_ip || id === ev.dst_ip || id === ev.host_name)) {
        const first = this.discovered.get(id);
        if (first === undefined || ev.ts < first) this.discovered.set(id, ev.ts);
      }
    }
    else if (ev.entity_type === 'workload') bump(this.workloads, ev.entity_id!, ev.ts);
    if (ev.user_id !== undefined) {
      bump(this.users, ev.user_id, ev.ts);
      // Only a successful login shows the user is active on the device; failures may be an attacker's.
      if (ev.kind === 'auth' && ev.entity_type === 'device' && ev.outcome !== 'failure' && signsInOnDevice(ev)) this.logins.push({ user: ev.user_id, device: ev.entity_id!, ts: ev.ts });
    }
  }

  /** Writes it (inside the batch transaction) and starts the next batch empty. */
  apply(inventory: Inventory): void {
    for (const [id, ts] of this.discovered) {
      if (isIP(id)) inventory.registerDiscovered(id, ts);
      else inventory.registerDiscoveredName(id, ts);
    }
    for (const [id, ts] of this.devices) inventory.touch({ type: 'device', id }, ts);
    for (const [id, ts] of this.workloads) inventory.touch({ type: 'workload', id }, ts);
    for (const [id, ts] of this.users) inventory.touch({ type: 'user', id }, ts);
    for (const l of this.logins) inventory.recordUserDevice(l.user, l.device, l.ts);
    this.clear();
  }

  clear(): void {
    this.devices.clear();
    this.workloads.clear();
    this.users.clear();
    this.logins.length = 0;
    this.discovered.clear();
  }
}

function bump(map: Map<string, number>, id: string, ts: number): void {
  const prev = map.get(id);
  if (prev === undefined || ts > prev) map.set(id, ts);
}
