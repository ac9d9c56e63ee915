// Decisions take effect on telemetry: an ingest observer that checks each arriving event against the
// in-memory decision index (no SQL per event) and records what broke a decision in force at the
// event's time: traffic of an isolated device off its management path, traffic with a blocked
// destination (address, CIDR, name, *.pattern; allow exceptions and scope respected), logins of a
// suspended user and traffic of devices where that user is active, logins without MFA where required.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { Clock } from '../clock';
import type { IngestObserver } from '../ingest/ingestor';
import { canonicalDomain } from '../intel/indicator';
import type { Inventory } from '../inventory/inventory';
import { canonicalIp, ipv4ToInt } from '../inventory/ip';
import type { ActiveUsers } from './active-users';
import { decide } from './decide';
import type { DecisionIndex, IndexedRule, Target } from './decision-index';
import type { PolicyStore } from './policy-store';

/** Auth methods that carry a second factor (method names seen in OCSF, Windows and our simulator). */
const MFA_METHOD = /mfa|2fa|otp|totp|fido|webauthn|push|smartcard|certificate/i;
const LOGIN: Target = { kind: 'none', value: '', v4: -1 };

export class ViolationObserver implements IngestObserver {
  private readonly matched: IndexedRule[] = [];
  /** Violations recorded by this process (for stats and tests). */
  recorded = 0;

  constructor(
    private readonly store: Pick<PolicyStore, 'recordViolation'>,
    private readonly clock: Clock,
    private readonly inventory: Pick<Inventory, 'entityForIp'>,
    private readonly activeUsers: ActiveUsers,
    private readonly index: () => DecisionIndex,
  ) {}

  /** Inside the batch transaction: the violations commit with the events. */
  onBatch(events: AttributedEvent[]): void {
    const ix = this.index();
    if (ix.size === 0) return;
    const now = this.clock.now();
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev.kind === 'auth') this.login(ev, ix, now);
      else if (ev.kind === 'flow') {
        const peer = this.peerOf(ev);
        if (peer !== undefined) this.traffic(ev, ix, now, peer, true);
      } else if (ev.kind === 'dns' && ev.query !== undefined) {
        const name = canonicalDomain(ev.query);
        if (name !== null) this.traffic(ev, ix, now, name, false);
      }
    }
  }

  /** The other end of a flow: the side that is not the event's own entity. */
  private peerOf(ev: AttributedEvent): string | undefined {
    const own = (ip: string) => this.inventory.entityForIp(ip)?.id === ev.entity_id;
    if (ev.dst_ip !== undefined && !own(ev.dst_ip)) return ev.dst_ip;
    if (ev.src_ip !== undefined && !own(ev.src_ip)) return ev.src_ip;
    return undefined;
  }

  private traffic(ev: AttributedEvent, ix: DecisionIndex, now: number, peer: string, isIp: boolean): void {
    const type = ev.entity_type;
    const id = ev.entity_id;
    if (type === null || id === null) return; // nobody to hold to account: not an inventoried entity
    const user = type === 'device' ? this.activeUsers.of(id, ev.ts) : undefined;
    if (!ix.hasFleetRules && !ix.touches(type, id) && !(user !== undefined && ix.touches('user', user))) return;
    let target: Target;
    if (isIp) {
      const v4 = ipv4ToInt(peer);
      const value = v4 >= 0 ? peer : canonicalIp(peer);
      if (value === null) return;
      target = { kind: 'ip', value, v4 };
    } else {
      target = { kind: 'domain', value: peer, v4: -1 };
    }
    const matched = this.matched;
    matched.length = 0;
    ix.collect(type, id, target, true, matched);
    if (user !== undefined) ix.collect('user', user, target, false, matched);
    if (matched.length === 0) return;
    const d = decide(matched, ev.ts, now, target.value, ix.managementOf);
    if ((d.decision === 'block' || d.decision === 'isolate') && d.deciding) this.record(ev, type, id, d.deciding, target.value);
  }

  private login(ev: AttributedEvent, ix: DecisionIndex, now: number): void {
    const user = ev.user_id;
    if (user === undefined || ev.outcome === 'failure') return;
    if (ev.entity_type === 'device' && ev.entity_id !== null) this.activeUsers.note(ev.entity_id, user, ev.ts);
    if (!ix.hasFleetRules && !ix.touches('user', user)) return;
    const matched = this.matched;
    matched.length = 0;
    ix.collect('user', user, LOGIN, true, matched);
    if (matched.length === 0) return;
    const d = decide(matched, ev.ts, now, 'login', ix.managementOf);
    const broke = d.decision === 'block' || (d.decision === 'require_mfa' && !MFA_METHOD.test(ev.method ?? ''));
    if (broke && d.deciding) {
      const [type, id] = ev.entity_type !== null && ev.entity_id !== null ? [ev.entity_type, ev.entity_id] : ['user', user];
      this.record(ev, type, id, d.deciding, ev.dst_ip ?? null);
    }
  }

  private record(ev: AttributedEvent, type: string, id: string, rule: IndexedRule, destination: string | null): void {
    this.store.recordViolation({ ts: ev.ts, entity_type: type, entity_id: id, policy_id: rule.policy_id, rule: JSON.stringify({ rule_index: rule.rule_index, ...rule.rule }), destination, event_id: ev.id });
    this.recorded++;
  }
}
