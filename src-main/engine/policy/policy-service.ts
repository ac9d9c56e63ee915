// The policy domain: policies with versions, the action tools (isolate, release, block, allow, suspend,
// restore), custom policies, access evaluation, expiry, and the decision index the ingest observer
// and threat context read. Every change is one audited transaction that also appends a `policy` event
// (posture rescores on it) and queues the change for enforcement endpoints, sent after commit. The
// action files see the service through PolicyContext (policy-context.ts), so they never import this one.
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { IndicatorType, Reputation } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import { storedAddressesOf, storedNameOf } from '../baseline/dns-names';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import { logBackgroundFailure } from '../db/busy';
import { sql, type SqlRunner } from '../db/sql';
import type { EnforcementService } from '../enforcement/enforcement-service';
import type { EventLog } from '../events/event-log';
import type { Inventory } from '../inventory/inventory';
import type { Logger } from '../log';
import { invalid } from '../errors';
import { prefixedId } from '../util/ulid';
import { ActiveUsers } from './active-users';
import { agentRuleCount, agentToolDecisions } from './agent-tools';
import { createPolicy, getPolicy, listPolicies, updatePolicy } from './custom-policies';
import { DecisionIndex } from './decision-index';
import { allowDestination, blockDestination } from './destination-actions';
import { evaluateAccess } from './evaluate-access';
import { whatIf } from './what-if';
import { previewDraft, type AgentNames } from './draft-preview';
import { sweepExpired } from './expiry';
import { fleetBlockFor } from './fleet-block';
import { isolateDevice, releaseDevice, releaseForIncident, type IncidentCloseContext } from './isolation';
import { IsolationStore } from './isolation-store';
import { ManagementPaths } from './management-path';
import { ManagementScreen, type ScreenSources } from './management-screen';
import { nftablesRuleset } from './nftables-export';
import type { Outcome, PolicyContext } from './policy-context';
import { PolicyStore, toPolicy } from './policy-store';
import { restoreUser, suspendUser } from './user-actions';
import { ViolationObserver } from './violation-observer';

export interface PolicyDeps {
  sql: SqlRunner; clock: Clock; log: Logger; audit: AuditLog; events: EventLog; inventory: Inventory; enforcement: EnforcementService;
  /** Threat intel, to keep what it rates malicious or suspicious off management paths. */
  intel: Pick<ScreenSources, 'flaggedInIpv4Range' | 'flagged'> & { lookup(indicator: string): { reputation: Reputation } };
  /** Open anomalies, to keep the destinations they name off management paths. */
  anomalies: { openDeviceDestinations(deviceIds: readonly string[] | null): { anomaly_id: string; device_id: string; type: string; destination: string }[] };
  /** Runs the expiry sweep; the clock's own by default. */
  scheduler?: Scheduler;
  /** The AI asset registry's agents: agent rules and evaluate_access name them. */
  agents?: { exists(id: string): boolean; names?: AgentNames };
}

const SWEEP_MS = 60_000;

export class PolicyService implements PolicyContext {
  readonly clock: Clock;
  readonly inventory: Inventory;
  readonly store: PolicyStore;
  readonly isolations: IsolationStore;
  readonly paths: ManagementPaths;
  readonly activeUsers: ActiveUsers;
  readonly observer: ViolationObserver;
  private ix: DecisionIndex | null = null;
  private loadedGeneration = '';
  private lastDataVersion = -1;
  private sweeper: ScheduledTask | null = null;

  constructor(readonly deps: PolicyDeps) {
    const q = deps.sql;
    this.clock = deps.clock;
    this.inventory = deps.inventory;
    this.store = new PolicyStore(q);
    this.isolations = new IsolationStore(q);
    const screen = new ManagementScreen({
      reputation: (indicator) => deps.intel.lookup(indicator).reputation,
      flaggedInIpv4Range: (net, prefix) => deps.intel.flaggedInIpv4Range(net, prefix),
      flagged: (kinds, suffix) => deps.intel.flagged(kinds, suffix),
      anomalyDestinations: (ids) => deps.anomalies.openDeviceDestinations(ids),
      addressesOf: (name, limit) => storedAddressesOf(q, name, limit),
      nameOf: (ip) => storedNameOf(q, ip),
    });
    this.paths = new ManagementPaths(q, deps.inventory, screen, () => deps.enforcement.endpoints.enabledRows().map((r) => r.url));
    this.activeUsers = new ActiveUsers({
      logins: () => deps.inventory.userDeviceLinks(), devicesOf: (userId) => deps.inventory.devicesOfUser(userId),
      total: () => deps.inventory.loginTotal(), own: () => deps.inventory.ownLogins,
    });
    this.observer = new ViolationObserver(this.store, deps.clock, deps.inventory, this.activeUsers, () => this.index());
  }

  agentExists(id: string): boolean {
    return this.deps.agents?.exists(id) ?? false;
  }

  /** The decision index, rebuilt when this process changed a policy or another process committed one. */
  index(): DecisionIndex {
    const dv = this.deps.sql.value<number>(sql`PRAGMA data_version`, 'policy.dataVersion') ?? 0;
    if (this.ix && dv === this.lastDataVersion) return this.ix;
    this.lastDataVersion = dv;
    this.activeUsers.refresh();
    const generation = this.store.generation();
    if (this.ix && generation === this.loadedGeneration) return this.ix;
    this.ix = DecisionIndex.build(this.store.enabledRows(), this.deps.log);
    this.loadedGeneration = generation;
    return this.ix;
  }

  /**
   * Runs one audited change: the writes, a `policy` event and an enforcement delivery per decision
   * change, and the audit entry, in one immediate transaction; sending starts after commit.
   */
  commit<T>(actor: Actor, action: string, params: unknown, change: (now: number) => Outcome<T>, detail?: (result: T) => unknown): T {
    const { audit, events, enforcement, clock } = this.deps;
    let changed = false;
    const result = audit.record(actor, action, params, () => {
      const now = clock.now();
      const out = change(now);
      for (const c of out.changes) {
        const data = { action: c.action, policy_id: c.policy.id, version: c.policy.version, target: c.target, reason: c.reason, ...(c.notify !== undefined ? { notify: c.notify } : {}) };
        events.append({ event_type: 'policy', severity: c.notify ? 'high' : null, entity_type: c.entity?.type ?? null, entity_id: c.entity?.id ?? null, data });
        const change_id = prefixedId('chg', now);
        enforcement.enqueue({
          change_id, action: c.action, policy_id: c.policy.id,
          payload: { change_id, type: 'policy.decision', ...data, occurred_at: isoOrNull(now), actor: { type: actor.type, id: actor.id, name: actor.name ?? null }, policy: toPolicy(c.policy, now) },
        });
      }
      changed = out.changes.length > 0;
      return out.result;
    }, detail);
    if (changed) {
      // Rebuilt on next use, from the committed rows.
      this.ix = null;
      enforcement.kick();
    }
    return result;
  }

  // The operations (one file each holds the logic; these bind them to this service).
  isolateDevice = (input: Parameters<typeof isolateDevice>[1], actor: Actor) => isolateDevice(this, input, actor);
  releaseDevice = (input: Parameters<typeof releaseDevice>[1], actor: Actor) => releaseDevice(this, input, actor);
  blockDestination = (input: Parameters<typeof blockDestination>[1], actor: Actor) => blockDestination(this, input, actor);
  allowDestination = (input: Parameters<typeof allowDestination>[1], actor: Actor) => allowDestination(this, input, actor);
  suspendUser = (input: Parameters<typeof suspendUser>[1], actor: Actor) => suspendUser(this, input, actor);
  restoreUser = (input: Parameters<typeof restoreUser>[1], actor: Actor) => restoreUser(this, input, actor);
  create = (input: Parameters<typeof createPolicy>[1], actor: Actor) => createPolicy(this, input, actor);
  update = (input: Parameters<typeof updatePolicy>[1], actor: Actor) => updatePolicy(this, input, actor);
  list = (q: Parameters<typeof listPolicies>[1]) => listPolicies(this, q);
  get = (id: string) => getPolicy(this, id);
  evaluateAccess = (input: Parameters<typeof evaluateAccess>[1]) => evaluateAccess(this, input);
  whatIf = (input: Parameters<typeof whatIf>[1]) => whatIf(this, input, this.deps.log);
  /** Who a draft would affect, nothing saved (the editor's live preview). */
  preview = (input: Parameters<typeof previewDraft>[1]) => previewDraft(this, input, this.deps.agents?.names ?? (() => ({ agents: [], total: 0 })));
  /** Records every block or suspension past its expires_at as expired (a system action); returns them. */
  sweepExpired = (now?: number) => sweepExpired(this, now);
  /** The incidents engine's close hook (release_quarantined_devices). */
  onIncidentClose = (ctx: IncidentCloseContext) => releaseForIncident(this, ctx);
  /** "May agent A call tool T" for each of its tools (AI posture's rule coverage and gap scan). */
  agentToolDecisions = (agentId: string, tools: readonly string[], ix: DecisionIndex = this.index()) => agentToolDecisions({ index: () => ix, clock: this.clock }, agentId, tools);
  agentRuleCount = (agentId: string, ix: DecisionIndex = this.index()) => agentRuleCount({ index: () => ix, clock: this.clock }, agentId);
  /** `threatmatic policy export --format nftables`. */
  exportNftables = () => nftablesRuleset(this);

  /** The configured management paths and the enforcement point; with a device, the path its quarantine would apply now. */
  managementPaths(input: OpParsedInput<'policy.managementPaths'>): OpOutput<'policy.managementPaths'> {
    return { paths: this.paths.list(), enforcement_point: this.paths.enforcementPoint(), effective: input.device_id === undefined ? null : this.paths.resolve(input.device_id) };
  }

  /** Sets or clears the fleet default or a device type's or device's management path (audited; refused with the reason when screening fails). */
  setManagementPath(input: OpParsedInput<'policy.setManagementPath'>, actor: Actor): OpOutput<'policy.setManagementPath'> {
    if (input.clear && input.destinations !== undefined) throw invalid('clear', 'give destinations or clear, not both');
    if (!input.clear && input.destinations === undefined) throw invalid('destinations', 'required unless clear is true (an empty list leaves only the enforcement point for this scope)');
    this.paths.checkScope(input.scope, input.scope_id);
    return this.deps.audit.record(actor, 'policy.setManagementPath', input, () => {
      const r = this.paths.set(input.scope, input.scope_id, input.clear ? null : input.destinations!, actor, this.deps.clock.now());
      return { scope: input.scope, ...r };
    }, (r) => r);
  }

  /** get_threat_context's blocked_in_fleet / block_policy_id (the intel store's block-resolver seam). */
  fleetBlockFor(indicator: string, type: IndicatorType): { policy_id: string } | null {
    const now = this.deps.clock.now();
    return fleetBlockFor(this.index(), indicator, type, now);
  }

  /** Serve mode and the desktop app: expire on time, and send what other processes queued. */
  startBackground(sweepMs = SWEEP_MS): void {
    if (this.sweeper) return;
    this.deps.enforcement.start();
    const sweep = () => {
      try {
        this.sweepExpired();
      } catch (err) {
        logBackgroundFailure(this.deps.log, 'policy expiry sweep failed', err);
      }
    };
    sweep();
    this.sweeper = (this.deps.scheduler ?? schedulerOf(this.deps.clock)).every(sweepMs, sweep);
  }

  close(): void {
    this.sweeper?.cancel();
    this.sweeper = null;
  }
}
