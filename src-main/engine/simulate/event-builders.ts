// Builders for simulated TelemetryEvents, so every activity and attack emits the same field shapes.
import { createHash } from 'node:crypto';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { infraIp } from './network-plan';
import type { Rng } from './prng';

/** Who emits: a device (agent-equipped or seen by a network sensor) or a workload. */
export interface Emitter {
  ip?: string;
  device_id?: string;
  workload_id?: string;
  /** When false, traffic events carry only the source address (a network sensor saw them); management events still name the device. */
  agent: boolean;
}

/** How a simulated device appears in its own telemetry. */
export const deviceEmitter = (d: { ip: string; agent: boolean; record: { device_id: string } }): Emitter => ({ ip: d.ip, device_id: d.record.device_id, agent: d.agent });

const ephemeralPort = (rng: Rng) => rng.int(49152, 65535);

function traffic(e: Emitter): Pick<TelemetryEvent, 'device_id' | 'workload_id' | 'src_ip'> {
  const out: Pick<TelemetryEvent, 'device_id' | 'workload_id' | 'src_ip'> = {};
  if (e.agent && e.device_id) out.device_id = e.device_id;
  if (e.workload_id) out.workload_id = e.workload_id;
  if (e.ip) out.src_ip = e.ip;
  return out;
}

function management(e: Emitter): Pick<TelemetryEvent, 'device_id' | 'workload_id' | 'src_ip'> {
  return { ...traffic(e), ...(e.device_id ? { device_id: e.device_id } : {}) };
}

export interface FlowSpec { dst: string; port: number; proto?: 'tcp' | 'udp'; out: number; in: number; ms: number; state?: string }

export function flow(e: Emitter, ts: number, rng: Rng, f: FlowSpec): TelemetryEvent {
  return {
    ts, kind: 'flow', ...traffic(e), src_port: ephemeralPort(rng), dst_ip: f.dst, dst_port: f.port, proto: f.proto ?? 'tcp',
    bytes_out: f.out, bytes_in: f.in, duration_ms: f.ms, conn_state: f.state ?? 'SF',
  };
}

export function dns(e: Emitter, ts: number, rng: Rng, query: string, answer: string | null): TelemetryEvent {
  return {
    ts, kind: 'dns', ...traffic(e), src_port: ephemeralPort(rng), dst_ip: infraIp.resolver, dst_port: 53, proto: 'udp', query,
    answers: answer ? [answer] : [], rcode: answer ? 'NOERROR' : 'NXDOMAIN',
  };
}

export function heartbeat(e: Emitter, ts: number): TelemetryEvent {
  return { ts, kind: 'heartbeat', ...management(e) };
}

export function firmwareReport(e: Emitter, ts: number, version: string, manufacturer: string, model: string): TelemetryEvent {
  return { ts, kind: 'firmware', ...management(e), firmware_version: version, manufacturer, model };
}

export function auth(e: Emitter, ts: number, user: string, outcome: 'success' | 'failure', method: string, country?: string): TelemetryEvent {
  const ev: TelemetryEvent = { ts, kind: 'auth', ...management(e), user_id: user, outcome, method };
  if (country) ev.country = country;
  return ev;
}

export function processEvent(e: Emitter, ts: number, user: string | undefined, name: string, path: string, hash: string): TelemetryEvent {
  const ev: TelemetryEvent = { ts, kind: 'process', ...management(e), process: name, path, hash };
  if (user) ev.user_id = user;
  return ev;
}

export function fileEvent(e: Emitter, ts: number, user: string | undefined, path: string, hash: string): TelemetryEvent {
  const ev: TelemetryEvent = { ts, kind: 'file', ...management(e), path, hash };
  if (user) ev.user_id = user;
  return ev;
}

const binaryHashes = new Map<string, string>();
/** A stable SHA-256 for a known binary (the same program has the same hash fleet-wide, as in reality). */
export function binaryHash(name: string): string {
  let h = binaryHashes.get(name);
  if (!h) binaryHashes.set(name, (h = createHash('sha256').update(`threatmatic-sim:${name}`).digest('hex')));
  return h;
}
