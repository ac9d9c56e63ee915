// c2_beaconing: command-and-control traffic to a rare destination (one few entities of the fleet use,
// and not part of the entity's established baseline). Three shapes: periodic low-jitter check-ins
// (coefficient of variation of inter-arrival times); the same scored RITA-style from the first hours
// on any port, named or not (regularity of intervals and sizes, persistence over the span); and — for
// C2 that holds sessions open instead of polling (Meterpreter over HTTP/S) — repeated long or heavy
// sessions, to a bare IP on an uncommon port, or very long ones to any rare destination.
import type { EntityStats } from '../baseline/entity-stats';
import { isPrivateIp } from '../inventory/ip';
import { isServicePort } from './flow-facts';
import { beaconScore } from './beacon-score';
import { clamp01, fmtBytes, fmtDuration, subject, type DetectContext, type Detector, type FlowFacts } from './types';

const RING = 64;
/** How many recent attempts a retry is looked for among (Zeek logs records out of start order). */
const RETRY_LOOKBACK = 8;
const HOUR = 3_600_000;
const IDLE_DROP_MS = 24 * HOUR;

interface Channel {
  ip: string;
  port: number;
  proto: string;
  /** Start times of distinct attempts (retries merged), at most RING, insertion order. */
  attempts: number[];
  srcPorts: number[];
  /** Bytes sent in each attempt, parallel to attempts (the size regularity of the score). */
  sizes: number[];
  total: number;
  failed: number;
  sessions: number;
  durMs: number;
  bytes: number;
  first: number;
  /** When the entity first reached this destination, from its stored baseline: the same in a resumed run. */
  destFirst: number;
  last: number;
  evIds: number[];
  reported: boolean;
  /** Distinct attempts ever, and when the min_attempts-th one came (the ring forgets old attempts). */
  attemptCount: number;
  nthAt: number;
}

export interface Periodicity { n: number; periodMs: number; cv: number; spanMs: number }

/**
 * Inter-arrival regularity of sorted attempt times. The largest 10% of gaps are left out so a few
 * missed check-ins (outages, sleep) do not hide an otherwise metronomic beacon.
 */
export function periodicity(times: readonly number[]): Periodicity | null {
  if (times.length < 3) return null;
  const t = [...times].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  gaps.sort((a, b) => a - b);
  const keep = gaps.slice(0, gaps.length - Math.floor(gaps.length * 0.1));
  const mean = keep.reduce((a, b) => a + b, 0) / keep.length;
  if (mean <= 0) return null;
  const sd = Math.sqrt(keep.reduce((a, g) => a + (g - mean) ** 2, 0) / keep.length);
  return { n: t.length, periodMs: mean, cv: sd / mean, spanMs: t[t.length - 1] - t[0] };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export class C2BeaconingDetector implements Detector {
  readonly type = 'c2_beaconing' as const;
  private readonly channels = new Map<EntityStats, Map<string, Channel>>();
  private readonly dirty = new Set<Channel>();
  private readonly owner = new Map<Channel, EntityStats>();
  private lastSweep = 0;

  onFlow(f: FlowFacts, ctx: DetectContext): void {
    const { s, dest, ev } = f;
    // A destination from the established baseline is known behaviour, however regular.
    if (s.established && s.establishedAt !== null && dest.first < s.establishedAt) return;
    if (ctx.fleet.entities(dest.ip) > ctx.cfg.c2.rare_max_entities) return;
    let perEntity = this.channels.get(s);
    if (!perEntity) this.channels.set(s, (perEntity = new Map()));
    const key = `${dest.ip}:${f.port}`;
    let ch = perEntity.get(key);
    if (!ch) {
      ch = { ip: dest.ip, port: f.port, proto: ev.proto ?? 'tcp', attempts: [], srcPorts: [], sizes: [], total: 0, failed: 0, sessions: 0, durMs: 0, bytes: 0, first: ev.ts, destFirst: dest.first, last: ev.ts, evIds: [], reported: false, attemptCount: 0, nthAt: 0 };
      perEntity.set(key, ch);
      this.owner.set(ch, s);
    }
    if (this.addAttempt(ch, ev.ts, ev.src_port ?? -1, ctx.cfg.c2.retry_merge_s * 1000, ev.bytes_out ?? 0) && ++ch.attemptCount === ctx.cfg.c2.min_attempts) ch.nthAt = ev.ts;
    ch.total++;
    if (f.failed) ch.failed++;
    else ch.sessions++;
    ch.durMs += ev.duration_ms ?? 0;
    ch.bytes += (ev.bytes_out ?? 0) + (ev.bytes_in ?? 0);
    if (ev.ts < ch.first) ch.first = ev.ts;
    if (ev.ts > ch.last) ch.last = ev.ts;
    if (ch.evIds.length < 10) ch.evIds.push(ev.id);
    this.dirty.add(ch);
  }

  /** Adds an attempt, or merges a retry record into its attempt; true when it was a new attempt. */
  private addAttempt(ch: Channel, ts: number, srcPort: number, mergeMs: number, bytes: number): boolean {
    if (srcPort >= 0) {
      for (let i = ch.attempts.length - 1, k = 0; i >= 0 && k < RETRY_LOOKBACK; i--, k++) {
        if (ch.srcPorts[i] === srcPort && Math.abs(ch.attempts[i] - ts) <= mergeMs) {
          if (ts < ch.attempts[i]) ch.attempts[i] = ts;
          return false;
        }
      }
    }
    ch.attempts.push(ts);
    ch.srcPorts.push(srcPort);
    ch.sizes.push(bytes);
    if (ch.attempts.length > RING) {
      ch.attempts.shift();
      ch.srcPorts.shift();
      ch.sizes.shift();
    }
    return true;
  }

  endBatch(ctx: DetectContext): void {
    for (const ch of this.dirty) {
      const s = this.owner.get(ch);
      if (s) this.evaluate(s, ch, ctx);
    }
    this.dirty.clear();
    if (ctx.watermark - this.lastSweep > HOUR) this.sweep(ctx.watermark);
  }

  private evaluate(s: EntityStats, ch: Channel, ctx: DetectContext): void {
    const c = ctx.cfg.c2;
    if (ctx.fleet.entities(ch.ip) > c.rare_max_entities) return this.drop(s, ch);
    // The channel began while the baseline was learning and the baseline is now established: it is part of it.
    if (s.established && s.establishedAt !== null && ch.first < s.establishedAt) return this.drop(s, ch);
    const named = ctx.dns.nameOf(ch.ip);
    const internal = isPrivateIp(ch.ip);
    const uncommonPort = !isServicePort(ch.port, internal);
    const who = subject(s);
    const label = `${named ? `${named} (${ch.ip})` : ch.ip}:${ch.port}`;
    const p = ch.attempts.length >= c.min_attempts ? periodicity(ch.attempts) : null;
    // Before a baseline exists, everything is "new": only beacons that also look unlike normal software
    // are reported — to an outside bare IP no DNS answer named, on a port no ordinary service uses — so
    // vendor heartbeats, DNS/NTP/directory polling and devices polling their internal controllers are not.
    const learningOk = s.established || (!internal && !named && uncommonPort);
    if (p && learningOk && p.spanMs >= c.min_span_s * 1000 && p.periodMs >= c.min_period_s * 1000 && p.periodMs <= c.max_period_s * 1000 && p.cv <= c.max_cv) {
      const failedShare = ch.failed / ch.total;
      const conf = 0.6 + 0.35 * (1 - p.cv / c.max_cv) * Math.min(1, p.n / (3 * c.min_attempts)) + (named ? 0 : 0.05);
      const period = p.periodMs < 10_000 ? `${(p.periodMs / 1000).toFixed(1)} s` : fmtDuration(p.periodMs);
      const refused = failedShare >= 0.5 ? `, ${Math.round(failedShare * 100)}% refused or unanswered` : '';
      // First sighting: dated when the evidence first sufficed, not when the batch that carried it ended.
      const at = ch.reported ? ch.last : Math.max(ch.nthAt, ch.first + c.min_span_s * 1000);
      this.emit(s, ch, ctx, Math.min(at, ch.last), {
        severity: 'high', confidence: conf,
        description: `${who} beaconing to ${label} every ${period} (${ch.total} connections over ${fmtDuration(Math.max(ch.last - ch.first, p.spanMs, 1000))}, jitter ${Math.round(p.cv * 100)}%${refused})`,
        evidence: { shape: 'periodic', period_s: Math.round(p.periodMs / 100) / 10, cv: Math.round(p.cv * 1000) / 1000, attempts: p.n },
      });
      return;
    }
    // Without a baseline, on any port and named or not: the RITA-style score of the channel, unless the
    // channel is most of what the entity does (a camera's heartbeat to its vendor is its job).
    // Internal services on their own ports (directory, file, print) are polled on schedules by design.
    const sharedBy = Math.max(ctx.fleet.entities(ch.ip), named ? ctx.fleet.nameEntities(named) : 0);
    if (!learningOk && ch.attempts.length >= c.score_min_attempts && !(internal && !uncommonPort) && sharedBy <= c.score_max_entities) {
      const b = beaconScore(ch.attempts, ch.sizes);
      // A channel there from the entity's first period on is how it started, not something that came later.
      // Judged on the stored destination's first contact, not this process's first sight of the channel,
      // so a resumed ingest (kill -9, a second process) decides as the uninterrupted run did.
      const later = b !== null && ch.destFirst - s.firstDataAt >= Math.max(b.periodMs, 60_000);
      if (b && later && b.spanMs >= c.score_min_span_s * 1000 && b.periodMs >= c.min_period_s * 1000 && b.score >= c.score_min && b.dsScore >= c.score_min_size && this.share(s, ch) <= c.score_max_share) {
        const period = b.periodMs < 10_000 ? `${(b.periodMs / 1000).toFixed(1)} s` : fmtDuration(b.periodMs);
        const at = ch.reported ? ch.last : ch.attempts[Math.min(ch.attempts.length, c.score_min_attempts) - 1];
        this.emit(s, ch, ctx, Math.min(Math.max(at, ch.first + c.score_min_span_s * 1000), ch.last), {
          severity: 'high', confidence: 0.5 + 0.4 * (b.score - c.score_min) / (1 - c.score_min + 1e-9),
          description: `${who} beaconing to ${label} every ${period} (${ch.total} connections over ${fmtDuration(Math.max(ch.last - ch.first, b.spanMs, 1000))}, beacon score ${b.score.toFixed(2)}: intervals ${b.tsScore.toFixed(2)}, sizes ${b.dsScore.toFixed(2)}, persistence ${b.persistence.toFixed(2)})`,
          evidence: { shape: 'scored', score: round3(b.score), interval_score: round3(b.tsScore), size_score: round3(b.dsScore), persistence: round3(b.persistence), period_s: Math.round(b.periodMs / 100) / 10, attempts: ch.attempts.length },
        });
        return;
      }
    }
    // Session-holding C2 keeps connections open for long (a poll loop inside one session), unlike the
    // short request/response sessions of ordinary internal services.
    const avgSession = ch.sessions > 0 ? ch.durMs / ch.sessions : 0;
    // TCP only: a UDP "session" is the sensor's flow timeout, not a connection held open.
    if ((named || !uncommonPort) && ch.proto === 'tcp' && ch.sessions >= c.session_min && avgSession >= c.long_session_min_avg_s * 1000 && this.share(s, ch) <= c.score_max_share) {
      this.emit(s, ch, ctx, ch.last, {
        severity: 'high', confidence: 0.55,
        description: `${who} holding long sessions to ${label}, a destination ${ctx.fleet.entities(ch.ip) <= 1 ? 'no other entity' : `only ${ctx.fleet.entities(ch.ip)} entities`} of the fleet use${ctx.fleet.entities(ch.ip) <= 1 ? 's' : ''}: ${ch.sessions} sessions averaging ${fmtDuration(avgSession)}, ${fmtBytes(ch.bytes)} moved`,
        evidence: { shape: 'long_sessions', sessions: ch.sessions, connected_s: Math.round(ch.durMs / 1000), avg_session_s: Math.round(avgSession / 1000) },
      });
      return;
    }
    if (!named && uncommonPort && ch.sessions >= c.session_min && avgSession >= c.session_min_avg_s * 1000 && ch.durMs >= c.session_min_duration_s * 1000) {
      this.emit(s, ch, ctx, ch.last, {
        severity: 'high', confidence: 0.6 + (ch.bytes >= c.session_min_bytes ? 0.1 : 0),
        description: `${who} keeping a command-and-control style channel to ${label}: ${ch.sessions} sessions over ${fmtDuration(Math.max(ch.last - ch.first, 1000))}, ${fmtDuration(ch.durMs)} connected, ${fmtBytes(ch.bytes)} moved, to a bare IP on an uncommon port`,
        evidence: { shape: 'sessions', sessions: ch.sessions, connected_s: Math.round(ch.durMs / 1000), avg_session_s: Math.round(avgSession / 1000) },
      });
    }
  }

  private emit(s: EntityStats, ch: Channel, ctx: DetectContext, at: number, r: { severity: 'high'; confidence: number; description: string; evidence: Record<string, unknown> }): void {
    ch.reported = true;
    const dest = ctx.dns.nameOf(ch.ip);
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: r.severity, confidence: clamp01(r.confidence), detected_at: at, last_seen_at: ch.last,
      description: r.description, recommended_action: 'block_destination', observed_destinations: dest ? [dest, ch.ip] : [ch.ip],
      evidence: {
        ...r.evidence, destination: ch.ip, port: ch.port, proto: ch.proto, dns_name: dest ?? null, connections: ch.total, failed: ch.failed,
        bytes: ch.bytes, first_ts: new Date(ch.first).toISOString(), last_ts: new Date(ch.last).toISOString(), fleet_entities: ctx.fleet.entities(ch.ip),
        event_ids: ch.evIds,
      },
      dedupe_key: `${s.type}:${s.id}:c2_beaconing:${ch.ip}`,
    });
  }

  /** The channel's share of the entity's outbound connections. */
  private share(s: EntityStats, ch: Channel): number {
    let all = 0;
    for (const d of s.dests.values()) all += d.count;
    return all > 0 ? ch.total / all : 1;
  }

  private drop(s: EntityStats, ch: Channel): void {
    this.channels.get(s)?.delete(`${ch.ip}:${ch.port}`);
    this.owner.delete(ch);
  }

  /** Forgets channels idle for a day of data time, so memory follows live channels only. */
  private sweep(watermark: number): void {
    this.lastSweep = watermark;
    for (const [s, m] of this.channels) {
      for (const ch of m.values()) if (watermark - ch.last > IDLE_DROP_MS) this.drop(s, ch);
      if (m.size === 0) this.channels.delete(s);
    }
  }
}
