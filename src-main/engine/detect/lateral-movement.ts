// lateral_movement_attempt: an entity reaching out to many internal hosts it never talked to before
// (fan-out within a window), or scanning internal hosts — many hosts on one port, or many ports on one
// host, refused or unanswered. Scans of outside addresses are their own type, outbound_scan: the host
// is probing the internet (a bot, a misused tool), not moving through this network (docs/detectors.md).
import type { EntityStats } from '../baseline/entity-stats';
import { isPrivateIp } from '../inventory/ip';
import { ADMIN_PORTS } from './flow-facts';
import { clamp01, fmtDuration, subject, type DetectContext, type Detector, type FlowFacts } from './types';

interface Peer { ts: number; port: number; evId: number }
interface LateralState {
  maxTs: number;
  newPeers: Map<string, Peer>;
  /** Failed attempts: port → host → last ts (horizontal), host → port → last ts (vertical). */
  byPort: Map<number, Map<string, number>>;
  byHost: Map<string, Map<number, number>>;
  proto: string;
}

type Pattern =
  | { kind: 'internal_fanout'; hosts: string[]; adminHosts: number; ports: number[]; evIds: number[]; crossedAt: number }
  | { kind: 'horizontal_scan'; port: number; hosts: string[]; spanMs: number }
  | { kind: 'vertical_scan'; host: string; ports: number[]; spanMs: number };

function prune<K>(m: Map<K, number>, cutoff: number): void {
  for (const [k, ts] of m) if (ts < cutoff) m.delete(k);
}

/**
 * The most entries within any window of `windowMs` (by their times), in time order. A batch is judged at its
 * end, and a batch can span an hour or more of a small fleet's data: a window ending at the batch's last flow
 * missed a sweep finished earlier in the batch (a later flow of the same entity moved it past the sweep).
 */
function densest<K>(entries: Iterable<[K, number]>, windowMs: number): { keys: K[]; spanMs: number } {
  const sorted = [...entries].sort((a, b) => a[1] - b[1]);
  let best = 0;
  let bestFrom = 0;
  for (let from = 0, to = 0; to < sorted.length; to++) {
    while (sorted[to][1] - sorted[from][1] > windowMs) from++;
    if (to - from + 1 > best) {
      best = to - from + 1;
      bestFrom = from;
    }
  }
  const window = sorted.slice(bestFrom, bestFrom + best);
  return { keys: window.map(([k]) => k), spanMs: best === 0 ? 0 : window[best - 1][1] - window[0][1] };
}

export class LateralMovementDetector implements Detector {
  readonly type = 'lateral_movement_attempt' as const;
  private readonly state = new Map<EntityStats, LateralState>();
  private readonly dirty = new Set<EntityStats>();

  onFlow(f: FlowFacts): void {
    const internalNew = f.dest.internal && f.isNew;
    if (!internalNew && !f.failed) return;
    let st = this.state.get(f.s);
    if (!st) {
      st = { maxTs: 0, newPeers: new Map(), byPort: new Map(), byHost: new Map(), proto: f.ev.proto ?? 'tcp' };
      this.state.set(f.s, st);
    }
    const ts = f.ev.ts;
    if (ts > st.maxTs) st.maxTs = ts;
    if (internalNew) st.newPeers.set(f.dest.ip, { ts, port: f.port, evId: f.ev.id });
    if (f.failed) {
      let hosts = st.byPort.get(f.port);
      if (!hosts) st.byPort.set(f.port, (hosts = new Map()));
      hosts.set(f.dest.ip, ts);
      let ports = st.byHost.get(f.dest.ip);
      if (!ports) st.byHost.set(f.dest.ip, (ports = new Map()));
      ports.set(f.port, ts);
      if (f.ev.proto) st.proto = f.ev.proto;
    }
    this.dirty.add(f.s);
  }

  endBatch(ctx: DetectContext): void {
    const c = ctx.cfg.lateral;
    for (const s of this.dirty) {
      const st = this.state.get(s);
      if (!st) continue;
      // Judged before the windows move to the batch's last flow (densest(): a sweep earlier in the batch counts).
      const pattern = this.strongest(st, c);
      const fanCut = st.maxTs - c.window_s * 1000;
      for (const [ip, p] of st.newPeers) if (p.ts < fanCut) st.newPeers.delete(ip);
      const scanCut = st.maxTs - c.scan_window_s * 1000;
      for (const [port, hosts] of st.byPort) {
        prune(hosts, scanCut);
        if (hosts.size === 0) st.byPort.delete(port);
      }
      for (const [host, ports] of st.byHost) {
        prune(ports, scanCut);
        if (ports.size === 0) st.byHost.delete(host);
      }
      if (pattern) this.report(s, st, pattern, ctx);
      if (st.newPeers.size === 0 && st.byPort.size === 0) this.state.delete(s);
    }
    this.dirty.clear();
  }

  private strongest(st: LateralState, c: DetectContext['cfg']['lateral']): Pattern | null {
    if (st.newPeers.size >= c.min_hosts) {
      const inWindow = new Set(densest([...st.newPeers].map(([ip, p]): [string, number] => [ip, p.ts]), c.window_s * 1000).keys);
      // In first-contact order (the map's), as the anomaly lists them.
      const peers = [...st.newPeers.entries()].filter(([ip]) => inWindow.has(ip));
      if (peers.length >= c.min_hosts) return this.fanout(peers, c);
    }
    return this.scan(st, c);
  }

  private fanout(peers: [string, Peer][], c: DetectContext['cfg']['lateral']): Pattern {
    const ports = [...new Set(peers.map(([, p]) => p.port))].sort((a, b) => a - b);
    const adminHosts = peers.filter(([, p]) => ADMIN_PORTS.has(p.port)).length;
    // Dated when the threshold was crossed, not when the batch that carried the sweep ended.
    const times = peers.map(([, p]) => p.ts).sort((a, b) => a - b);
    return { kind: 'internal_fanout', hosts: peers.map(([ip]) => ip), adminHosts, ports, evIds: peers.slice(0, 10).map(([, p]) => p.evId), crossedAt: times[c.min_hosts - 1] };
  }

  /** The largest horizontal scan within the scan window, else the largest vertical one. */
  private scan(st: LateralState, c: DetectContext['cfg']['lateral']): Pattern | null {
    const windowMs = c.scan_window_s * 1000;
    let best: Pattern | null = null;
    for (const [port, hosts] of st.byPort) {
      if (hosts.size < c.horizontal_min_hosts) continue;
      const w = densest(hosts, windowMs);
      if (w.keys.length >= c.horizontal_min_hosts && (!best || w.keys.length > best.hosts.length)) best = { kind: 'horizontal_scan', port, hosts: w.keys, spanMs: w.spanMs };
    }
    if (best) return best;
    let vertical: Pattern | null = null;
    for (const [host, ports] of st.byHost) {
      if (ports.size < c.vertical_min_ports) continue;
      const w = densest(ports, windowMs);
      if (w.keys.length >= c.vertical_min_ports && (!vertical || w.keys.length > vertical.ports.length)) {
        vertical = { kind: 'vertical_scan', host, ports: w.keys.sort((a, b) => a - b), spanMs: w.spanMs };
      }
    }
    return vertical;
  }

  private report(s: EntityStats, st: LateralState, p: Pattern, ctx: DetectContext): void {
    const c = ctx.cfg.lateral;
    const who = subject(s);
    const window = (p.kind === 'internal_fanout' ? c.window_s : c.scan_window_s) * 1000;
    if (p.kind === 'internal_fanout') {
      const n = p.hosts.length;
      const critical = n >= c.critical_hosts || p.adminHosts >= c.min_hosts;
      ctx.report({
        entity_type: s.type, entity_id: s.id, type: this.type, severity: critical ? 'critical' : 'high',
        confidence: clamp01(1 - 0.5 * Math.exp(-(n - c.min_hosts + 1) / 1.5)), detected_at: p.crossedAt, last_seen_at: st.maxTs,
        description: `${who} attempting connections to ${n} internal hosts not in its baseline`,
        recommended_action: 'isolate', observed_destinations: p.hosts.slice(0, 20),
        evidence: { pattern: p.kind, hosts: n, admin_port_hosts: p.adminHosts, ports: p.ports.slice(0, 20), window_s: c.window_s, sample_destinations: p.hosts.slice(0, 10), event_ids: p.evIds },
      });
      return;
    }
    const hosts = p.kind === 'horizontal_scan' ? p.hosts : [p.host];
    const n = p.kind === 'horizontal_scan' ? p.hosts.length : p.ports.length;
    const min = p.kind === 'horizontal_scan' ? c.horizontal_min_hosts : c.vertical_min_ports;
    const span = p.spanMs;
    // Every target outside the network: the host scans the internet, which is not lateral movement.
    const outbound = hosts.every((ip) => !isPrivateIp(ip));
    const description = p.kind === 'horizontal_scan'
      ? `${who} scanning port ${p.port}/${st.proto}: ${n} hosts refused or never answered within ${fmtDuration(Math.max(span, 1000))}`
      : `${who} scanning ${n} ports on ${ctx.dns.label(p.host)}: refused or never answered within ${fmtDuration(Math.max(span, 1000))}`;
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: outbound ? 'outbound_scan' : this.type, severity: 'high',
      confidence: clamp01(0.7 + 0.25 * (1 - Math.exp(-(n - min + 1) / 3))), detected_at: st.maxTs, description,
      // Probing the internet calls for finding out what runs on the host (a bot, a pentest tool), not for cutting it off at once.
      recommended_action: outbound ? 'investigate' : 'isolate', observed_destinations: hosts.slice(0, 20),
      evidence: {
        pattern: p.kind, window_s: window / 1000, span_s: Math.round(span / 1000),
        ...(p.kind === 'horizontal_scan' ? { port: p.port, hosts: n, sample_destinations: p.hosts.slice(0, 10) } : { host: p.host, ports: p.ports.slice(0, 50), port_count: n }),
      },
    });
  }
}
