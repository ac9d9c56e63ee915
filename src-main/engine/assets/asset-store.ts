// The AI asset registry: owns the ai_assets table. Agents and MCP servers are registered by kind and
// name (the same name again updates the asset, so an SDK can register at every start), updated, retired
// (kept, marked, with the reason) and read. Every change is audited and announced on the event log in
// one transaction. Status is derived when read (active while it reported within IDLE_AFTER_MS), so
// reads never write.
import type { Asset } from '@shared/contract/operations/assets-schemas';
import type { Actor } from '@shared/domain/actor';
import { IDLE_AFTER_MS, type AssetKind, type AssetStatus } from '@shared/domain/ai-assets';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import { UserError, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import { prefixedId } from '../util/ulid';

export interface AssetStoreDeps { sql: SqlRunner; clock: Clock; audit: AuditLog; events: EventLog }

/** Fields a caller may set (register or update); undefined leaves a field as it is. */
export interface AssetFields {
  owner?: string | null;
  description?: string | null;
  environment?: Asset['environment'];
  framework?: string | null;
  models?: string[];
  mcp_servers?: string[];
  tools?: string[];
  data_access?: string[];
  capture_contents?: boolean;
  transport?: Asset['transport'];
  command?: string | null;
  url?: string | null;
  version?: string | null;
  publisher?: string | null;
}

export interface AssetQuery {
  kind?: AssetKind;
  status?: AssetStatus;
  owner?: string;
  search?: string;
  limit: number;
  offset: number;
}

/** What activity intake needs of an agent: its row key and whether contents may be kept. */
export interface AgentRef { seq: number; id: string; capture_contents: boolean; retired: boolean }

interface Row {
  seq: number; id: string; kind: AssetKind; name: string; owner: string | null; description: string | null;
  environment: Asset['environment']; framework: string | null; models: string; mcp_servers: string; tools: string;
  data_access: string; capture_contents: number; transport: Asset['transport']; command: string | null; url: string | null;
  version: string | null; publisher: string | null; registered_by: string; registered_at: number; updated_at: number;
  last_seen_at: number | null; retired_at: number | null; retired_reason: string | null; dropped_reported: number;
}

const LIST_FIELDS = ['models', 'mcp_servers', 'tools', 'data_access'] as const;
const TEXT_FIELDS = ['owner', 'description', 'environment', 'framework', 'transport', 'command', 'url', 'version', 'publisher'] as const;

/** The column values of the fields given, as stored. */
function columns(fields: AssetFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TEXT_FIELDS) if (fields[f] !== undefined) out[f] = fields[f];
  for (const f of LIST_FIELDS) if (fields[f] !== undefined) out[f] = JSON.stringify([...new Set(fields[f])]);
  if (fields.capture_contents !== undefined) out.capture_contents = fields.capture_contents ? 1 : 0;
  return out;
}

function assign(values: Record<string, unknown>): SqlFragment {
  return sql.join(Object.entries(values).map(([col, v]) => sql`${sql.raw(col)} = ${v}`));
}

export class AssetStore {
  constructor(private readonly deps: AssetStoreDeps) {}

  private get q() {
    return this.deps.sql;
  }

  statusOf(r: Pick<Row, 'retired_at' | 'last_seen_at'>, now = this.deps.clock.now()): AssetStatus {
    if (r.retired_at !== null) return 'retired';
    return r.last_seen_at !== null && now - r.last_seen_at <= IDLE_AFTER_MS ? 'active' : 'idle';
  }

  private toAsset(r: Row, now = this.deps.clock.now()): Asset {
    return {
      id: r.id, kind: r.kind, name: r.name, status: this.statusOf(r, now), owner: r.owner, description: r.description,
      environment: r.environment, framework: r.framework,
      models: JSON.parse(r.models) as string[], mcp_servers: JSON.parse(r.mcp_servers) as string[],
      tools: JSON.parse(r.tools) as string[], data_access: JSON.parse(r.data_access) as string[],
      capture_contents: r.capture_contents === 1, transport: r.transport, command: r.command, url: r.url,
      version: r.version, publisher: r.publisher,
      registered_by: { name: null, ...(JSON.parse(r.registered_by) as Actor) } as Asset['registered_by'],
      registered_at: isoOrNull(r.registered_at) as string, updated_at: isoOrNull(r.updated_at) as string,
      last_seen_at: isoOrNull(r.last_seen_at), retired_at: isoOrNull(r.retired_at), retired_reason: r.retired_reason,
    };
  }

  private row(id: string): Row {
    const r = this.q.get<Row>(sql`SELECT * FROM ai_assets WHERE id = ${id}`);
    if (!r) throw notFound('asset_id', id);
    return r;
  }

  get(id: string): Asset {
    return this.toAsset(this.row(id));
  }

  /** Whether an agent (in service or retired) has this id: policy rules and evaluate_access name agents. */
  agentExists(id: string): boolean {
    return this.q.value(sql`SELECT 1 FROM ai_assets WHERE id = ${id} AND kind = 'agent'`) !== undefined;
  }

  /**
   * Agents and their names, by name: these ids (retired ones included), or with null every agent in service
   * (what a rule for every agent reaches). At most `limit`, with the total.
   */
  agentNames(ids: readonly string[] | null, limit: number): { agents: { id: string; name: string }[]; total: number } {
    const where = ids === null ? sql`kind = 'agent' AND retired_at IS NULL` : sql`kind = 'agent' AND id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
    return {
      agents: this.q.all<{ id: string; name: string }>(sql`SELECT id, name FROM ai_assets WHERE ${where} ORDER BY name, id LIMIT ${limit}`),
      total: this.q.value<number>(sql`SELECT COUNT(*) FROM ai_assets WHERE ${where}`) ?? 0,
    };
  }

  /** The agent an activity report names; refuses an MCP server id. */
  agentRef(id: string): AgentRef {
    const r = this.q.get<Pick<Row, 'seq' | 'id' | 'kind' | 'capture_contents' | 'retired_at'>>(
      sql`SELECT seq, id, kind, capture_contents, retired_at FROM ai_assets WHERE id = ${id}`);
    if (!r) throw notFound('agent_id', id);
    if (r.kind !== 'agent') throw new UserError('invalid_input', `agent_id: '${id}' is an MCP server, not an agent`, 'agent_id');
    return { seq: r.seq, id: r.id, capture_contents: r.capture_contents === 1, retired: r.retired_at !== null };
  }

  list(query: AssetQuery): { assets: Asset[]; total: number } {
    const now = this.deps.clock.now();
    const idleBefore = now - IDLE_AFTER_MS;
    const statusCondition = query.status === 'retired' ? sql`retired_at IS NOT NULL`
      : query.status === 'active' ? sql`retired_at IS NULL AND last_seen_at >= ${idleBefore}`
      : query.status === 'idle' ? sql`retired_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < ${idleBefore})`
      : undefined;
    const like = query.search ? `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const where = sql.where([
      query.kind && sql`kind = ${query.kind}`,
      statusCondition,
      query.owner && sql`owner = ${query.owner}`,
      like && sql`(lower(name) LIKE ${like} ESCAPE '\\' OR lower(COALESCE(owner, '')) LIKE ${like} ESCAPE '\\')`,
    ]);
    const total = this.q.value<number>(sql`SELECT COUNT(*) FROM ai_assets ${where}`) ?? 0;
    const rows = this.q.all<Row>(sql`SELECT * FROM ai_assets ${where}
      ORDER BY retired_at IS NOT NULL, COALESCE(last_seen_at, registered_at) DESC, seq DESC LIMIT ${query.limit} OFFSET ${query.offset}`);
    return { assets: rows.map((r) => this.toAsset(r, now)), total };
  }

  /** Every asset of a kind in service (not retired), with its row key: AI posture scores the whole fleet. */
  inService(kind: AssetKind): { seq: number; asset: Asset }[] {
    const now = this.deps.clock.now();
    return this.q.all<Row>(sql`SELECT * FROM ai_assets WHERE kind = ${kind} AND retired_at IS NULL ORDER BY seq`)
      .map((r) => ({ seq: r.seq, asset: this.toAsset(r, now) }));
  }

  /** The in-service assets of a kind named by id or name (an agent's mcp_servers list). */
  named(kind: AssetKind, refs: readonly string[]): Asset[] {
    if (!refs.length) return [];
    const now = this.deps.clock.now();
    return this.q.all<Row>(sql`SELECT * FROM ai_assets WHERE kind = ${kind} AND retired_at IS NULL AND (id IN ${sql.list(refs)} OR name IN ${sql.list(refs)})`)
      .map((r) => this.toAsset(r, now));
  }

  /** Registers a new asset, or updates (and reactivates) the one of that kind and name. */
  register(input: { kind: AssetKind; name: string } & AssetFields, actor: Actor): { asset: Asset; created: boolean } {
    const { kind, name, ...fields } = input;
    if (kind === 'agent' && (fields.transport || fields.command || fields.url)) {
      throw new UserError('invalid_input', 'transport, command and url describe an MCP server, not an agent', 'kind');
    }
    const now = this.deps.clock.now();
    return this.deps.audit.record(actor, 'assets.register', { kind, name, ...fields }, () => {
      const existing = this.q.get<Row>(sql`SELECT * FROM ai_assets WHERE kind = ${kind} AND name = ${name}`);
      const values = { ...columns(fields), registered_by: JSON.stringify(actor), updated_at: now, last_seen_at: now };
      let id: string;
      let change: 'registered' | 'updated' | 'reactivated';
      if (existing) {
        id = existing.id;
        change = existing.retired_at !== null ? 'reactivated' : 'updated';
        this.q.run(sql`UPDATE ai_assets SET ${assign({ ...values, retired_at: null, retired_reason: null })} WHERE seq = ${existing.seq}`);
      } else {
        id = prefixedId(kind === 'agent' ? 'agt' : 'mcp', now);
        change = 'registered';
        const all: Record<string, unknown> = { id, kind, name, registered_at: now, ...values };
        this.q.run(sql`INSERT INTO ai_assets (${sql.raw(Object.keys(all).join(', '))}) VALUES ${sql.list(Object.values(all))}`);
      }
      this.announce(id, change, { kind, name });
      return { asset: this.get(id), created: change === 'registered' };
    }, (r) => ({ asset_id: r.asset.id, created: r.created }));
  }

  update(id: string, fields: AssetFields & { name?: string }, actor: Actor): Asset {
    const current = this.row(id);
    if (current.kind === 'agent' && (fields.transport || fields.command || fields.url)) {
      throw new UserError('invalid_input', 'transport, command and url describe an MCP server, not an agent', 'asset_id');
    }
    const { name, ...rest } = fields;
    return this.deps.audit.record(actor, 'assets.update', { asset_id: id, ...fields }, () => {
      if (name !== undefined && name !== current.name) {
        const clash = this.q.value<string>(sql`SELECT id FROM ai_assets WHERE kind = ${current.kind} AND name = ${name}`);
        if (clash) throw new UserError('conflict', `name: another ${current.kind} is already named '${name}' (${clash})`, 'name');
      }
      const values = { ...columns(rest), ...(name !== undefined ? { name } : {}), updated_at: this.deps.clock.now() };
      this.q.run(sql`UPDATE ai_assets SET ${assign(values)} WHERE seq = ${current.seq}`);
      this.announce(id, 'updated', { kind: current.kind, name: name ?? current.name, fields: Object.keys(fields) });
      return this.get(id);
    });
  }

  retire(id: string, reason: string, actor: Actor): Asset {
    const current = this.row(id);
    if (current.retired_at !== null) return this.toAsset(current);
    return this.deps.audit.record(actor, 'assets.retire', { asset_id: id, reason }, () => {
      const now = this.deps.clock.now();
      this.q.run(sql`UPDATE ai_assets SET retired_at = ${now}, retired_reason = ${reason}, updated_at = ${now} WHERE seq = ${current.seq}`);
      this.announce(id, 'retired', { kind: current.kind, name: current.name, reason });
      return this.get(id);
    });
  }

  /** Activity arrived: the asset was seen at `at`, and the reporter owned up to `dropped` lost events. Inside the intake transaction. */
  touch(seq: number, at: number, dropped: number): { status: AssetStatus; last_seen_at: string | null } {
    type Seen = Pick<Row, 'id' | 'kind' | 'name' | 'retired_at' | 'last_seen_at'>;
    const before = this.q.get<Seen>(sql`SELECT id, kind, name, retired_at, last_seen_at FROM ai_assets WHERE seq = ${seq}`) as Seen;
    this.q.run(sql`UPDATE ai_assets SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ${at}), dropped_reported = dropped_reported + ${dropped} WHERE seq = ${seq}`);
    const last = Math.max(before.last_seen_at ?? 0, at);
    const after = { retired_at: before.retired_at, last_seen_at: last };
    // An agent coming back after a quiet spell is news for the live views; steady reports are not.
    if (this.statusOf(before) === 'idle' && this.statusOf(after) === 'active') this.announce(before.id, 'active', { kind: before.kind, name: before.name });
    return { status: this.statusOf(after), last_seen_at: isoOrNull(last) };
  }

  droppedReported(seq: number): number {
    return this.q.value<number>(sql`SELECT dropped_reported FROM ai_assets WHERE seq = ${seq}`) ?? 0;
  }

  private announce(id: string, change: string, data: Record<string, unknown>): void {
    this.deps.events.append({ event_type: 'asset', entity_id: id, data: { change, asset_id: id, ...data } });
  }
}
