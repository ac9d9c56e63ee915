// auth_bruteforce: many failed logins for one user within a window (guessing), or failures across many
// users from one source (password spraying). A success right after the failures makes it critical.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import { clamp01, fmtDuration, subject, type DetectContext, type Detector } from './types';

interface Failure { ts: number; src: string; id: number }
interface UserWindow { fails: Failure[]; successAfter: { ts: number; src: string } | null }
interface SourceWindow { users: Map<string, number>; entity: EntityStats | null; maxTs: number }

export class AuthBruteforceDetector implements Detector {
  readonly type = 'auth_bruteforce' as const;
  private readonly byUser = new Map<string, UserWindow>();
  private readonly bySource = new Map<string, SourceWindow>();
  private readonly dirtyUsers = new Set<string>();
  private readonly dirtySources = new Set<string>();

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (ev.kind !== 'auth' || ev.user_id === undefined) return;
    const c = ctx.cfg.bruteforce;
    const cutoff = ev.ts - c.window_s * 1000;
    const user = ev.user_id;
    let w = this.byUser.get(user);
    if (ev.outcome !== 'failure') {
      // A success while the window is full of failures: the guessing may have worked.
      if (w && w.fails.length >= c.min_failures && w.fails[w.fails.length - 1].ts >= cutoff) {
        w.successAfter = { ts: ev.ts, src: ev.src_ip ?? 'unknown' };
        this.dirtyUsers.add(user);
      }
      return;
    }
    if (!w) this.byUser.set(user, (w = { fails: [], successAfter: null }));
    const src = ev.src_ip ?? 'unknown';
    w.fails.push({ ts: ev.ts, src, id: ev.id });
    while (w.fails.length && w.fails[0].ts < cutoff) w.fails.shift();
    if (w.fails.length >= c.min_failures) this.dirtyUsers.add(user);
    let sw = this.bySource.get(src);
    if (!sw) this.bySource.set(src, (sw = { users: new Map(), entity: null, maxTs: 0 }));
    sw.users.set(user, ev.ts);
    if (ev.ts > sw.maxTs) sw.maxTs = ev.ts;
    // The source is an entity of ours when the login came from one of our hosts (attributed by its address).
    if (s && s.type !== 'user' && ev.src_ip !== undefined) sw.entity = s;
    for (const [u, ts] of sw.users) if (ts < cutoff) sw.users.delete(u);
    if (sw.users.size >= c.spray_min_users) this.dirtySources.add(src);
  }

  endBatch(ctx: DetectContext): void {
    const c = ctx.cfg.bruteforce;
    for (const user of this.dirtyUsers) {
      const w = this.byUser.get(user);
      if (!w || w.fails.length < c.min_failures) continue;
      const n = w.fails.length;
      const sources = [...new Set(w.fails.map((f) => f.src))];
      const span = w.fails[n - 1].ts - w.fails[0].ts;
      const ok = w.successAfter;
      ctx.report({
        entity_type: 'user', entity_id: user, type: this.type, severity: ok ? 'critical' : 'high',
        confidence: clamp01(ok ? 0.9 : 0.6 + 0.3 * (1 - Math.exp(-(n - c.min_failures + 1) / 10))), detected_at: ok ? ok.ts : w.fails[n - 1].ts,
        description: `User ${user} had ${n} failed logins within ${fmtDuration(Math.max(span, 1000))} from ${sources.length === 1 ? sources[0] : `${sources.length} sources (${sources.slice(0, 3).join(', ')})`}` +
          (ok ? `, then a successful login from ${ok.src}` : ''),
        recommended_action: ok ? 'suspend_user' : 'investigate', observed_destinations: [],
        evidence: { failures: n, window_s: c.window_s, sources: sources.slice(0, 10), success_after: ok ? new Date(ok.ts).toISOString() : null, event_ids: w.fails.slice(-10).map((f) => f.id) },
      });
      w.successAfter = null;
    }
    for (const src of this.dirtySources) {
      const sw = this.bySource.get(src);
      if (!sw || sw.users.size < c.spray_min_users) continue;
      const users = [...sw.users.keys()];
      const target = sw.entity ?? null;
      ctx.report({
        entity_type: target ? target.type : 'user', entity_id: target ? target.id : users[0], type: this.type, severity: 'high',
        confidence: clamp01(0.7 + 0.2 * (1 - Math.exp(-(users.length - c.spray_min_users + 1) / 5))), detected_at: sw.maxTs,
        description: `${target ? `${subject(target)} (${src})` : `Source ${src}`} failed logins for ${users.length} different users within ${fmtDuration(c.window_s * 1000)} (password spraying)`,
        recommended_action: target ? 'isolate' : 'block_destination', observed_destinations: target ? [] : [src],
        evidence: { pattern: 'spray', source: src, users: users.slice(0, 20), user_count: users.length, window_s: c.window_s },
        dedupe_key: `auth_bruteforce:spray:${src}`,
      });
    }
    this.dirtyUsers.clear();
    this.dirtySources.clear();
    if (this.byUser.size > 100_000) this.byUser.clear();
    if (this.bySource.size > 100_000) this.bySource.clear();
  }
}
