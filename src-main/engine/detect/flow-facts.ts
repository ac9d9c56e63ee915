// Facts about a flow that several detectors need: did the connection fail, is the port a common service.

/**
 * Zeek conn_state values of attempts that got no session: S0 (no answer), REJ (refused), RSTOS0 and SH
 * (originator gave up before any answer), RSTRH/SHR are answers without a handshake we saw, so they are not failures.
 */
const FAILED_STATES = new Set(['S0', 'REJ', 'RSTOS0', 'SH']);

export function isFailedFlow(ev: { conn_state?: string; proto?: string; bytes_in?: number; bytes_out?: number }): boolean {
  if (ev.conn_state !== undefined) return FAILED_STATES.has(ev.conn_state);
  // Sources without a state (agents, canonical events): a TCP flow that moved no byte either way never connected.
  return ev.proto === 'tcp' && ev.bytes_in === 0 && (ev.bytes_out ?? 0) === 0;
}

/** Ports of everyday services; C2 on one of these hides in plain traffic, so they weigh less as evidence. */
const COMMON_SERVICE_PORTS: ReadonlySet<number> = new Set([20, 21, 22, 25, 53, 80, 110, 123, 143, 389, 443, 465, 587, 636, 853, 993, 995, 3478, 5223, 5228]);

/** Ports used to move between hosts (SMB, RPC, RDP, WinRM, SSH, VNC, Telnet): lateral movement on them weighs more. */
export const ADMIN_PORTS: ReadonlySet<number> = new Set([22, 23, 135, 139, 445, 3389, 5900, 5985, 5986]);

/** Directory, database, management and Windows service ports: periodic traffic to them is how enterprises work. */
const SERVICE_PORTS: ReadonlySet<number> = new Set([88, 137, 138, 161, 162, 464, 514, 1433, 1521, 1812, 1813, 3268, 3269, 3306, 5432, 9389]);

/**
 * Protocols devices use towards controllers and servers inside the network: media (RTSP, RTMP, SIP),
 * building and industrial control (BACnet, Modbus, OPC UA, DNP3, EtherNet/IP, CoAP, MQTT), discovery,
 * flow export, message queues and data stores.
 */
const INTERNAL_SERVICE_PORTS: ReadonlySet<number> = new Set([
  502, 554, 1883, 1900, 1935, 2055, 3702, 4739, 4840, 5060, 5061, 5353, 5672, 5683, 6379, 6514, 8883, 9092, 9200, 11211, 20000, 27017, 44818, 47808,
]);

/**
 * A port ordinary software uses: everyday services, admin protocols, enterprise services, and (towards
 * internal hosts) device/controller protocols and the dynamic RPC range Windows servers answer on.
 */
export function isServicePort(port: number, internal: boolean): boolean {
  return COMMON_SERVICE_PORTS.has(port) || ADMIN_PORTS.has(port) || SERVICE_PORTS.has(port) || (internal && (INTERNAL_SERVICE_PORTS.has(port) || port >= 49152));
}
