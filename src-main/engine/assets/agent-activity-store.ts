// What agents report about themselves: owns the agent_events table. A report (a batch of runs, model
// calls, tool calls, errors and heartbeats) is stored in one transaction with the agent's last-seen time
// and one audit entry that counts it (not one per event: the audit log records who reported what, the
// events table holds the activity). Contents are kept only for agents whose owner turned capture on.
import type { AgentEvent } from '@shared/contract/operations/agent-activity';
import type { Actor } from '@shared/domain/actor';
import type { AgentEventType, AssetStatus, CallOutcome } from '@shared/domain/ai-assets';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import type { PruneTarget } from '../retention/prune-target';
import type { AssetStore } from './asset-store';

export interface AgentActivityDeps { sql: SqlRunner; clock: Clock; audit: AuditLog; assets: AssetStore }

export interface ReportedEvent {
  type: AgentEventType; ts?: string; run_id?: string; model?: string; input_tokens?: number; output_tokens?: number;
  server?: string; tool?: string; args_digest?: string; outcome?: CallOutcome; duration_ms?: number; error?: string; content?: string;
}

export interface ToolUsage { tools: Map<string, number>; calls: number; errors: number; blocked: number; events: number; models: string[] }

export interface ReportResult { accepted: number; contents_discarded: number; status: AssetStatus; last_seen_at: string | null }

interface EventRow {
  id: number; ts: number; type: AgentEventType; run_id: string | null; model: string | null; input_tokens: number | null;
  output_tokens: number | null; server: string | null; tool: string | null; args_digest: string | null; outcome: CallOutcome | null;
  duration_ms: number | null; error: string | null; content: string | null;
}

const SUMMARY_WINDOW_MS = 24 * 3_600_000;
/** An agent clock far ahead is not trusted to move last-seen (or the summary) into the future. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export class AgentActivityStore implements PruneTarget {
  private readonly insert;

  constructor(private readonly deps: AgentActivityDeps) {
    this.insert = deps.sql.statement<unknown[]>('agent_events.insert',
      `INSERT INTO agent_events (asset_seq, ts, type, run_id, model, input_tokens, output_tokens, server, tool, args_digest, outcome, duration_ms, error, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  report(agentId: string, events: readonly ReportedEvent[], dropped: number, actor: Actor): ReportResult {
    const ref = this.deps.assets.agentRef(agentId);
    const now = this.deps.clock.now();
    let discarded = 0;
    let latest = now;
    return this.deps.sql.transaction(() => {
      for (const e of events) {
        const ts = e.ts ? Math.min(Date.parse(e.ts), now + MAX_FUTURE_SKEW_MS) : now;
        if (ts > latest) latest = ts;
        let content: string | null = null;
        if (e.content !== undefined) {
          if (ref.capture_contents) content = e.content;
          else discarded++;
        }
        this.insert.run(ref.seq, ts, e.type, e.run_id ?? null, e.model ?? null, e.input_tokens ?? null, e.output_tokens ?? null,
          e.server ?? null, e.tool ?? null, e.args_digest ?? null, e.outcome ?? null, e.duration_ms ?? null, e.error ?? null, content);
      }
      const seen = this.deps.assets.touch(ref.seq, Math.max(now, Math.min(latest, now + MAX_FUTURE_SKEW_MS)), dropped);
      this.deps.audit.append({
        actor, action: 'agents.reportEvents', outcome: 'ok',
        params: { agent_id: agentId, events: events.length, dropped },
        detail: { accepted: events.length, contents_discarded: discarded, ...(ref.retired ? { note: 'agent is retired' } : {}) },
      });
      return { accepted: events.length, contents_discarded: discarded, ...seen };
    });
  }

  activity(agentId: string, query: { type?: AgentEventType; run_id?: string; limit: number; offset: number }) {
    const ref = this.deps.assets.agentRef(agentId);
    const where = sql.where([sql`asset_seq = ${ref.seq}`, query.type && sql`type = ${query.type}`, query.run_id && sql`run_id = ${query.run_id}`]);
    const total = this.deps.sql.value<number>(sql`SELECT COUNT(*) FROM agent_events ${where}`) ?? 0;
    const rows = this.deps.sql.all<EventRow>(sql`SELECT id, ts, type, run_id, model, input_tokens, output_tokens, server, tool, args_digest, outcome, duration_ms, error, content
      FROM agent_events ${where} ORDER BY ts DESC, id DESC LIMIT ${query.limit} OFFSET ${query.offset}`);
    return { events: rows.map(toEvent), total, summary: this.summary(ref.seq) };
  }

  private summary(seq: number) {
    const since = this.deps.clock.now() - SUMMARY_WINDOW_MS;
    const q = this.deps.sql;
    const totals = q.get<{ runs: number; llm: number; tools: number; errors: number; blocked: number; tin: number; tout: number }>(sql`
      SELECT COALESCE(SUM(type = 'run_start'), 0) AS runs, COALESCE(SUM(type = 'llm_call'), 0) AS llm, COALESCE(SUM(type = 'tool_call'), 0) AS tools,
             COALESCE(SUM(type = 'error' OR outcome = 'error'), 0) AS errors, COALESCE(SUM(outcome = 'blocked'), 0) AS blocked,
             COALESCE(SUM(input_tokens), 0) AS tin, COALESCE(SUM(output_tokens), 0) AS tout
      FROM agent_events WHERE asset_seq = ${seq} AND ts >= ${since}`) as { runs: number; llm: number; tools: number; errors: number; blocked: number; tin: number; tout: number };
    const models = q.all<{ model: string; calls: number }>(sql`SELECT model, COUNT(*) AS calls FROM agent_events
      WHERE asset_seq = ${seq} AND ts >= ${since} AND type = 'llm_call' AND model IS NOT NULL GROUP BY model ORDER BY calls DESC, model LIMIT 20`);
    const tools = q.all<{ server: string | null; tool: string; calls: number; errors: number; blocked: number }>(sql`
      SELECT server, tool, COUNT(*) AS calls, SUM(outcome = 'error') AS errors, SUM(outcome = 'blocked') AS blocked FROM agent_events
      WHERE asset_seq = ${seq} AND ts >= ${since} AND type = 'tool_call' AND tool IS NOT NULL GROUP BY server, tool ORDER BY calls DESC, tool LIMIT 50`);
    const last = q.value<number>(sql`SELECT MAX(ts) FROM agent_events WHERE asset_seq = ${seq}`);
    return {
      since: isoOrNull(since) as string, runs: totals.runs, llm_calls: totals.llm, tool_calls: totals.tools, errors: totals.errors,
      blocked: totals.blocked, input_tokens: totals.tin, output_tokens: totals.tout, models, tools,
      dropped_reported: this.deps.assets.droppedReported(seq), last_event_at: isoOrNull(last ?? null),
    };
  }

  /**
   * An agent's tool use in [since, until): calls per tool (as "server/tool" when a server was named), errors,
   * blocked calls and the models it called. AI posture compares a recent window with the agent's own history.
   */
  usage(seq: number, since: number, until: number): ToolUsage {
    const q = this.deps.sql;
    const tools = q.all<{ tool: string; calls: number }>(sql`SELECT CASE WHEN server IS NULL THEN tool ELSE server || '/' || tool END AS tool, COUNT(*) AS calls
      FROM agent_events WHERE asset_seq = ${seq} AND ts >= ${since} AND ts < ${until} AND type = 'tool_call' AND tool IS NOT NULL GROUP BY 1`);
    const t = q.get<{ errors: number; blocked: number; events: number }>(sql`SELECT COALESCE(SUM(type = 'error' OR outcome = 'error'), 0) AS errors,
      COALESCE(SUM(outcome = 'blocked'), 0) AS blocked, COUNT(*) AS events FROM agent_events WHERE asset_seq = ${seq} AND ts >= ${since} AND ts < ${until}`) as { errors: number; blocked: number; events: number };
    const models = q.column<string>(sql`SELECT DISTINCT model FROM agent_events WHERE asset_seq = ${seq} AND ts >= ${since} AND ts < ${until} AND model IS NOT NULL`);
    return { tools: new Map(tools.map((r) => [r.tool, r.calls])), calls: tools.reduce((n, r) => n + r.calls, 0), errors: t.errors, blocked: t.blocked, events: t.events, models };
  }

  /** The tools called in the agent's most recent run that called any (by run_id), for the run-time trifecta. */
  lastRunTools(seq: number): { run_id: string; tools: string[] } | null {
    const q = this.deps.sql;
    const run = q.value<string>(sql`SELECT run_id FROM agent_events WHERE asset_seq = ${seq} AND type = 'tool_call' AND run_id IS NOT NULL ORDER BY ts DESC, id DESC LIMIT 1`);
    if (run === undefined) return null;
    const tools = q.column<string>(sql`SELECT DISTINCT CASE WHEN server IS NULL THEN tool ELSE server || '/' || tool END FROM agent_events
      WHERE asset_seq = ${seq} AND run_id = ${run} AND type = 'tool_call' AND tool IS NOT NULL`);
    return { run_id: run, tools };
  }

  /** Retention (PruneTarget): whether any reported event is older than `before`. */
  any(before: number): boolean {
    return this.deps.sql.value(sql`SELECT 1 FROM agent_events WHERE ts < ${before} LIMIT 1`, 'retention.agent_events.any') !== undefined;
  }

  /** Retention (PruneTarget): deletes at most `limit` events older than `before`; how many it deleted. */
  delete(before: number, limit: number): number {
    return this.deps.sql.run(sql`DELETE FROM agent_events WHERE id IN (SELECT id FROM agent_events WHERE ts < ${before} ORDER BY ts LIMIT ${limit})`, 'retention.agent_events.delete').changes;
  }
}

function toEvent(r: EventRow): AgentEvent {
  return {
    id: r.id, ts: isoOrNull(r.ts) as string, type: r.type, run_id: r.run_id, model: r.model, input_tokens: r.input_tokens,
    output_tokens: r.output_tokens, server: r.server, tool: r.tool, args_digest: r.args_digest, outcome: r.outcome,
    duration_ms: r.duration_ms, error: r.error, content: r.content,
  };
}
