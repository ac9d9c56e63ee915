// new_admin_logon_source: a privileged remote logon (4624 type 3 network or 10 RDP, followed on the same
// host by 4672 "special privileges assigned" for the same account, or by an account already seen holding
// special privileges) from a source address the account has not used before (T1078, T1021). Sources are
// learned per account; an account is judged only after its learning period (new_device.learning_days,
// counted from the first logon this detector saw), so the first days of a log do not all alert.
// What it learned (first seen, privileged, sources per account) is kept in the database (AdminLogonStore),
// written in the ingest batch's transaction and loaded at start, so separate ingests judge as one would.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import type { AdminLogonStore, LearnedAccount } from './admin-logon-store';
import { subject, type DetectContext, type Detector } from './types';

const DAY = 86_400_000;
/** How far after a 4624 its 4672 is written (Windows writes both in the same millisecond). */
const PAIR_MS = 2_000;
const MAX_SOURCES = 200;

interface Pending { ts: number; user: string; src: string; type: number; isNew: boolean; judged: boolean; evId: number }

export class NewAdminLogonSourceDetector implements Detector {
  readonly type = 'new_admin_logon_source' as const;
  private readonly accounts: Map<string, LearnedAccount>;
  /** Recent remote logons per host, waiting for their 4672. */
  private readonly pending = new Map<EntityStats, Pending[]>();

  constructor(private readonly store: AdminLogonStore) {
    this.accounts = store.load();
  }

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (!s || ev.kind !== 'auth' || ev.outcome !== 'success' || ev.host_name === undefined || ev.user_id === undefined) return;
    const user = ev.user_id.toLowerCase();
    if (ev.event_code === 4624 && (ev.logon_type === 3 || ev.logon_type === 10) && ev.src_ip) {
      const a = this.account(user, ev.ts);
      const isNew = a.sources.size > 0 && !a.sources.has(ev.src_ip);
      if (a.sources.size < MAX_SOURCES && !a.sources.has(ev.src_ip)) {
        a.sources.add(ev.src_ip);
        this.store.addSource(user, ev.src_ip, ev.ts);
      }
      const p: Pending = { ts: ev.ts, user, src: ev.src_ip, type: ev.logon_type, isNew, judged: false, evId: ev.id };
      let list = this.pending.get(s);
      if (!list) this.pending.set(s, (list = []));
      list.push(p);
      if (list.length > 100) list.splice(0, list.length - 100);
      return;
    }
    if (ev.event_code === 4672) {
      const a = this.account(user, ev.ts);
      if (!a.privileged) {
        a.privileged = true;
        this.store.saveAccount(user, a);
      }
      const p = this.pending.get(s)?.findLast((x) => x.user === user && !x.judged && ev.ts - x.ts >= 0 && ev.ts - x.ts <= PAIR_MS);
      if (p) this.judge(s, p, a, true, ctx);
    }
  }

  private account(user: string, ts: number): LearnedAccount {
    let a = this.accounts.get(user);
    if (!a) this.accounts.set(user, (a = { firstSeen: ts, sources: new Set(), privileged: false }));
    else if (ts < a.firstSeen) a.firstSeen = ts;
    else return a;
    this.store.saveAccount(user, a);
    return a;
  }

  private judge(s: EntityStats, p: Pending, a: LearnedAccount, with4672: boolean, ctx: DetectContext): void {
    p.judged = true;
    const events = [`Security 4624 type ${p.type}`, ...(with4672 ? ['Security 4672'] : [])];
    if (!p.isNew || p.ts - a.firstSeen < ctx.cfg.new_device.learning_days * DAY) return;
    const rdp = p.type === 10;
    const techniques = ['T1078', rdp ? 'T1021.001' : 'T1021'];
    const usual = [...a.sources].filter((x) => x !== p.src);
    const who = subject(s);
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: rdp ? 'high' : 'medium', confidence: 0.6, detected_at: p.ts,
      description: `Privileged ${rdp ? 'RDP' : 'network'} logon (${techniques.join(', ')}) of ${p.user} on ${who === 'Device' ? `device ${s.id}` : who} from ${p.src}, a source this account has not used before (usual: ${usual.slice(0, 3).join(', ')}${usual.length > 3 ? ', …' : ''}) (${events.join(', ')})`,
      recommended_action: 'investigate', observed_destinations: [p.src],
      evidence: { attack_techniques: techniques, tactic: 'lateral-movement', account: p.user, source_ip: p.src, logon_type: p.type, usual_sources: usual.slice(0, 10), events, event_ids: [p.evId] },
      dedupe_key: `${s.type}:${s.id}:new_admin_logon_source:${p.user}:${p.src}`,
    });
  }

  endBatch(ctx: DetectContext): void {
    for (const [s, list] of this.pending) {
      const keep: Pending[] = [];
      for (const p of list) {
        if (p.judged) continue;
        if (ctx.watermark - p.ts <= PAIR_MS) keep.push(p);
        else {
          // No 4672 came: an account already seen holding special privileges (an admin) is judged all the same.
          const a = this.accounts.get(p.user);
          if (a?.privileged) this.judge(s, p, a, false, ctx);
        }
      }
      if (keep.length === 0) this.pending.delete(s);
      else this.pending.set(s, keep);
    }
  }
}
