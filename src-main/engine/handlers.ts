// One engine function per contract operation. Doors never call these directly: they go
// through dispatch(), which validates input and scope first.
import { adminHandlers } from './admin-handlers';
import { listAudit } from './audit/audit-query';
import { verifyAudit } from './audit/verify-anchor';
import { getAnomaly, listOpenAnomalies, searchAnomalies, setAnomalyStatus } from './anomalies/anomaly-ops';
import type { Engine } from './engine';
import type { Handlers } from './handler-types';
import { closeIncident, containIncident, getIncident, readEvents } from './incidents/incident-ops';
import { collectStats } from './stats';
import { recordGatewayDecisions } from './enforcement/gateway-decisions';
import { scanDiff, scanFindings, scanListing } from './mcpscan/mcp-scan-ops';

/** A registered, changed or retired agent is rescored at once, so a trifecta is flagged in the same request (an MCP server: its agents). */
function withAgentRescored<T extends { asset: { id: string; kind: string } }>(engine: Engine, out: T): T {
  engine.aiPosture.assetChanged(out.asset);
  return out;
}

export const handlers: Handlers = {
  // Imports, keys, exports, simulation, repair and settings: admin-handlers.ts.
  ...adminHandlers,
  'system.stats': (engine) => collectStats(engine),
  'events.search': (engine, input) => engine.telemetry.search(input),
  'intel.lookup': (engine, input) => engine.intel.lookup(input.indicator),
  'intel.feeds': (engine) => engine.intel.feeds(),
  'inventory.listDevices': (engine, input) => engine.inventory.listDevices(input),
  'inventory.listUsers': (engine, input) => engine.inventory.listUsers(input),
  'inventory.listWorkloads': (engine, input) => engine.inventory.listWorkloads(input),
  'ingest.sources': (engine, input) => engine.ingest.listSources(input),
  'ingest.rejects': (engine, input) => engine.ingest.listRejects(input),
  'posture.overview': (engine) => ({ fleet: engine.posture.fleet(), ai: engine.aiPosture.posture() }),
  'posture.fleet': (engine) => engine.posture.fleet(),
  'posture.device': (engine, input) => engine.posture.device(input.device_id),
  'posture.user': (engine, input) => engine.posture.user(input.user_id),
  'posture.workload': (engine, input) => engine.posture.workload(input.workload_id),
  'compliance.state': (engine, input) => engine.posture.compliance.report(input.framework),
  'policy.isolateDevice': (engine, input, ctx) => engine.policy.isolateDevice(input, ctx.actor),
  'policy.releaseDevice': (engine, input, ctx) => engine.policy.releaseDevice(input, ctx.actor),
  'policy.blockDestination': (engine, input, ctx) => engine.policy.blockDestination(input, ctx.actor),
  'policy.allowDestination': (engine, input, ctx) => engine.policy.allowDestination(input, ctx.actor),
  'policy.suspendUser': (engine, input, ctx) => engine.policy.suspendUser(input, ctx.actor),
  'policy.restoreUser': (engine, input, ctx) => engine.policy.restoreUser(input, ctx.actor),
  'policy.create': (engine, input, ctx) => engine.policy.create(input, ctx.actor),
  'policy.update': (engine, input, ctx) => engine.policy.update(input, ctx.actor),
  'policy.list': (engine, input) => engine.policy.list(input),
  'policy.get': (engine, input) => engine.policy.get(input.policy_id),
  'policy.evaluateAccess': (engine, input) => engine.policy.evaluateAccess(input),
  'policy.managementPaths': (engine, input) => engine.policy.managementPaths(input),
  'policy.setManagementPath': (engine, input, ctx) => engine.policy.setManagementPath(input, ctx.actor),
  'enforcement.addEndpoint': (engine, input, ctx) => engine.enforcement.endpoints.add(ctx.actor, input.url, input.secret),
  'enforcement.endpoints': (engine) => ({ endpoints: engine.enforcement.endpoints.list() }),
  'enforcement.removeEndpoint': (engine, input, ctx) => engine.enforcement.endpoints.remove(ctx.actor, input.endpoint_id),
  'enforcement.deliveries': (engine, input) => engine.enforcement.deliveries(input),
  'anomalies.list': (engine, input) => listOpenAnomalies(engine, input),
  'anomalies.search': (engine, input) => searchAnomalies(engine, input),
  'anomalies.setStatus': (engine, input, ctx) => setAnomalyStatus(engine, input, ctx.actor),
  'incidents.list': (engine, input) => engine.incidents.list(input),
  'incidents.get': (engine, input) => getIncident(engine, input.incident_id),
  'incidents.close': (engine, input, ctx) => closeIncident(engine, input, ctx.actor),
  'incidents.contain': (engine, input, ctx) => containIncident(engine, input.incident_id, ctx.actor),
  'events.read': (engine, input) => readEvents(engine, input),
  // The immediate part of a subscription (what is already there after the cursor); the MCP door then waits for more.
  'events.subscribe': (engine, input) => readEvents(engine, { cursor: input.cursor, limit: input.max_events, ...input.filters }),
  'audit.list': (engine, input) => listAudit(engine.audit.store, input),
  'audit.verify': (engine, input) =>
    verifyAudit(engine.audit.store, engine.audit.key, [
      { name: engine.checkpoints.file ?? 'checkpoints in memory', lines: engine.checkpoints.lines() },
      ...(input.checkpoints ? [{ name: input.checkpoint_source ?? 'given checkpoints', lines: input.checkpoints }] : []),
    ]),
  'retention.get': (engine) => engine.retention.get(),
  'retention.set': (engine, input, ctx) => engine.retention.set(input, ctx.actor),
  'retention.prune': (engine, _input, ctx) => engine.retention.pruneNow(ctx.actor),
  'audit.checkpoint': (engine, _input, ctx) => ({ checkpoint: engine.checkpoints.take(ctx.actor), file: engine.checkpoints.file }),
  'approvals.list': (engine, input) => engine.approvals.list(input),
  // The approved call runs through dispatch as its requester (parsed and scope-checked again, audited under the agent).
  'approvals.approve': (engine, input, ctx, dispatch) => engine.approvals.approve(input.approval_id, ctx.actor, input.reason, (op, params, as) => dispatch(engine, op, params, as)),
  'approvals.reject': (engine, input, ctx) => engine.approvals.reject(input.approval_id, ctx.actor, input.reason),
  'mcpscan.servers': (engine) => ({ servers: engine.mcpScans.latest() }),
  'mcpscan.findings': (engine, input) => scanFindings(engine, input),
  'mcpscan.diff': (engine, input) => scanDiff(engine, input.server),
  'mcpscan.approve': (engine, input, ctx) => engine.mcpScans.approve(input.server, ctx.actor),
  'mcpscan.scanListing': (engine, input, ctx) => scanListing(engine, input, ctx.actor),
  'assets.register': (engine, input, ctx) => withAgentRescored(engine, engine.assets.register(input, ctx.actor)),
  'assets.list': (engine, input) => engine.assets.list(input),
  'assets.get': (engine, input) => ({ asset: engine.assets.get(input.asset_id) }),
  'assets.update': (engine, { asset_id, ...fields }, ctx) => withAgentRescored(engine, { asset: engine.assets.update(asset_id, fields, ctx.actor) }),
  'assets.retire': (engine, input, ctx) => withAgentRescored(engine, { asset: engine.assets.retire(input.asset_id, input.reason, ctx.actor) }),
  'agents.reportEvents': (engine, input, ctx) => {
    const out = engine.agentActivity.report(input.agent_id, input.events, input.dropped ?? 0, ctx.actor);
    engine.aiPosture.activityReported(input.agent_id);
    return out;
  },
  'ai.posture': (engine) => engine.aiPosture.posture(),
  'ai.agentPosture': (engine, input) => engine.aiPosture.agent(input.agent_id),
  'ai.brief': (engine) => engine.aiPosture.brief(),
  'ai.postureWeights': (engine) => engine.aiPosture.weights(),
  'ai.setPostureWeights': (engine, input, ctx) => engine.aiPosture.setWeights(input, ctx.actor),
  'ai.setToolLegs': (engine, input, ctx) => engine.aiPosture.setToolLegs(input, ctx.actor),
  'agents.activity': (engine, { agent_id, ...query }) => engine.agentActivity.activity(agent_id, query),
  'ai.listAnomalies': (engine, input) => engine.aiAnomalies.list(input),
  'ai.setAnomalyStatus': (engine, input, ctx) => engine.aiAnomalies.setStatus(input.anomaly_id, input.status, input.reason, ctx.actor),
  'vulns.importFeed': (engine, input, ctx) => engine.vulns.importFeed(input.path, { kind: input.kind, date: input.date }, ctx.actor),
  'vulns.importStack': (engine, input, ctx) => engine.vulns.importStack(input.file, input.format, undefined, ctx.actor),
  'vulns.listStack': (engine, input) => pageOf(engine.vulns.listStack().entries, input, 'entries'),
  'vulns.deleteStack': (engine, input, ctx) => engine.vulns.deleteStack(input.id, ctx.actor),
  'vulns.patches': (engine, { limit, offset, ...filter }) => engine.vulns.patches(filter, limit, offset),
  'vulns.stats': (engine) => engine.vulns.stats(),
  'vulns.show': (engine, input) => engine.vulns.show(input.id),
  'vulns.setStatus': (engine, input, ctx) => engine.vulns.setStatus(input.id, input.status, input.reason ?? null, input.stack_id ?? null, ctx.actor),
  'vulns.ask': (engine, input) => engine.vulns.ask(input.question),
  'policy.whatIf': (engine, input) => engine.policy.whatIf(input),
  'policy.preview': (engine, input) => engine.policy.preview(input),
  'posture.fleetTrend': (engine, input) => engine.posture.fleetTrend(input.hours),
  'ai.enforcementGaps': (engine, input) => engine.aiPosture.gaps(input),
  'ai.suggestedWeights': (engine) => engine.aiPosture.suggestedWeights(),
  'enforcement.reportDecisions': (engine, input, ctx) => {
    const out = recordGatewayDecisions({
      audit: engine.audit, events: engine.events, activity: engine.agentActivity, assets: engine.assets,
      endpointExists: (id) => engine.enforcement.endpoints.exists(id),
      claimSignature: (id, signature, expiresAt) => engine.enforcement.replays.claim(id, signature, engine.clock.now(), expiresAt),
    }, input, ctx.actor);
    for (const id of out.agents) engine.aiPosture.activityReported(id);
    return out;
  },
  'shadowai.list': (engine, input) => engine.shadowAi.list(input),
  'shadowai.get': (engine, input) => engine.shadowAi.get(input.service_id),
  'shadowai.approve': (engine, input, ctx) => engine.shadowAi.approve(input, ctx.actor),
  'shadowai.revoke': (engine, input, ctx) => engine.shadowAi.revoke(input.service_id, ctx.actor),
  'shadowai.review': (engine, input) => engine.shadowAi.review(input.status),
  'shadowai.decide': (engine, input, ctx) => engine.shadowAi.decide(input, ctx.actor),
  'shadowai.catalogue': (engine) => engine.shadowAi.catalogueInfo(),
  'shadowai.extensionReport': (engine, input, ctx) => engine.shadowAi.extensionReport(input, ctx.actor),
  'shadowai.orgKey': (engine, input, ctx) => engine.shadowAi.orgKey(input.rotate, ctx.actor),
  'shadowai.importCopilot': (engine, input, ctx) => engine.shadowAi.importCopilot(input.path, ctx.actor),
  'anomalies.get': (engine, input) => getAnomaly(engine, input.anomaly_id),
};

/** One page of a list answered whole by its engine function. */
function pageOf<K extends string, T>(items: T[], page: { limit: number; offset: number }, key: K): Record<K, T[]> & { total: number } {
  return { [key]: items.slice(page.offset, page.offset + page.limit), total: items.length } as Record<K, T[]> & { total: number };
}
