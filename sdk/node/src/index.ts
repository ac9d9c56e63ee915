// ThreatVec agent SDK for Node: reports an AI agent to a Threatmatic console. The agent registers itself in
// the AI asset registry (POST /api/v1/assets) and its runs, LLM calls, tool calls and errors are sent in
// batches (POST /api/v1/agents/{id}/events) by a timer. Recording is an array push: the agent never awaits
// the network and never sees an error from this module. The buffer is bounded; what it cannot hold is
// dropped, counted, and owned up to in the next batch. No runtime dependencies; `instrument(client)` wraps
// an @modelcontextprotocol/sdk Client so every callTool is reported.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';

export const VERSION = '0.1.0';

export type AgentEventType = 'run_start' | 'run_stop' | 'llm_call' | 'tool_call' | 'error' | 'heartbeat';
export type CallOutcome = 'ok' | 'error' | 'blocked';

export interface AgentEventFields {
  run_id?: string;
  model?: string;
  input_tokens?: number;
  output_tokens?: number;
  server?: string;
  tool?: string;
  args_digest?: string;
  outcome?: CallOutcome;
  duration_ms?: number;
  error?: string;
  /** Kept by the server only when the agent's owner turned capture on. */
  content?: string;
}

export interface ThreatVecOptions {
  server_url?: string;
  agent_name?: string;
  org_key?: string;
  enabled?: boolean;
  owner?: string;
  framework?: string;
  models?: string[];
  tools?: string[];
  mcp_servers?: string[];
  environment?: string;
  flush_interval_ms?: number;
  heartbeat_interval_ms?: number;
  batch_size?: number;
  max_buffer?: number;
  timeout_ms?: number;
}

interface QueuedEvent extends AgentEventFields {
  type: AgentEventType;
  /** Epoch ms when recorded; formatted when sent. */
  ts: number | string;
}

const FALSE = new Set(['0', 'false', 'no', 'off']);
let current: ThreatVec | null = null;
/** Makes `tv` the instance currentThreatVec() and instrument() fall back to. */
function makeCurrent(tv: ThreatVec): void {
  current = tv;
}

/** The instance ThreatVec.auto() (or the last start()) made, for code that did not keep it. */
export function currentThreatVec(): ThreatVec | null {
  return current;
}

/** SHA-256 of the arguments' JSON (keys sorted), so the server can tell calls apart without seeing them. */
export function digestArgs(args: unknown): string | undefined {
  if (args === undefined) return undefined;
  let text: string;
  try {
    text = JSON.stringify(args, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined';
  } catch {
    text = Object.prototype.toString.call(args); // a cycle: its type only
  }
  return createHash('sha256').update(text).digest('hex');
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err).slice(0, 200);

export class ThreatVec {
  readonly serverUrl: string;
  readonly agentName: string | undefined;
  readonly enabled: boolean;
  agentId: string | null = null;
  sent = 0;
  dropped = 0;
  lastError: string | null = null;

  private readonly orgKey: string | undefined;
  private readonly profile: Record<string, unknown>;
  private readonly flushMs: number;
  private readonly heartbeatMs: number;
  private readonly batchSize: number;
  private readonly maxBuffer: number;
  private readonly timeoutMs: number;
  private buffer: QueuedEvent[] = [];
  private droppedUnreported = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private nextHeartbeat = 0;
  private backoffMs: number;
  private nextAttempt = 0;
  private readonly runs = new AsyncLocalStorage<string>();

  constructor(opts: ThreatVecOptions = {}) {
    this.serverUrl = (opts.server_url ?? '').replace(/\/+$/, '');
    this.agentName = opts.agent_name;
    this.orgKey = opts.org_key;
    this.enabled = (opts.enabled ?? true) && !!this.serverUrl && !!this.agentName;
    this.profile = Object.fromEntries(Object.entries({ owner: opts.owner, framework: opts.framework, models: opts.models, tools: opts.tools, mcp_servers: opts.mcp_servers, environment: opts.environment }).filter(([, v]) => v !== undefined));
    this.flushMs = opts.flush_interval_ms ?? 1000;
    this.heartbeatMs = opts.heartbeat_interval_ms ?? 30_000;
    this.batchSize = Math.max(1, Math.min(opts.batch_size ?? 100, 1000));
    this.maxBuffer = Math.max(1, opts.max_buffer ?? 10_000);
    this.timeoutMs = opts.timeout_ms ?? 5000;
    this.backoffMs = this.flushMs;
  }

  /**
   * Reads THREATVEC_URL, THREATVEC_AGENT_NAME, THREATVEC_ORG_KEY and THREATVEC_ENABLED, starts, and returns
   * the instance; with THREATVEC_ENABLED=false (or no URL or name) a disabled one whose calls do nothing.
   */
  static auto(opts: Omit<ThreatVecOptions, 'server_url' | 'agent_name' | 'org_key' | 'enabled'> = {}): ThreatVec {
    const env = process.env;
    const tv = new ThreatVec({
      ...opts, server_url: env.THREATVEC_URL, agent_name: env.THREATVEC_AGENT_NAME, org_key: env.THREATVEC_ORG_KEY || undefined,
      enabled: !FALSE.has((env.THREATVEC_ENABLED ?? 'true').trim().toLowerCase()),
    });
    return tv.start();
  }

  start(): this {
    makeCurrent(this);
    if (!this.enabled || this.timer) return this;
    // The timer never keeps the agent's process alive on its own.
    this.timer = setInterval(() => void this.tick(), this.flushMs);
    this.timer.unref();
    void this.tick();
    return this;
  }

  /** Sends what is buffered (waiting at most `timeout_ms`) and stops. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (this.buffer.length || this.droppedUnreported)) {
      const before = this.sent;
      this.nextAttempt = 0;
      await this.tick(true);
      if (this.sent === before && this.lastError) break; // the server is not taking them: do not spin
    }
  }

  stats() {
    return { agent_id: this.agentId, sent: this.sent, dropped: this.dropped, buffered: this.buffer.length, last_error: this.lastError };
  }

  // -- recording ---------------------------------------------------------------------------------

  /** Queues one event; never throws, never waits. */
  record(type: AgentEventType, fields: AgentEventFields = {}): void {
    if (!this.enabled) return;
    if (this.buffer.length >= this.maxBuffer) {
      this.dropped++;
      this.droppedUnreported++;
      return;
    }
    const event: QueuedEvent = { type, ts: Date.now() };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) (event as unknown as Record<string, unknown>)[k] = v;
    this.buffer.push(event);
  }

  recordToolCall(tool: string, f: { server?: string; args?: unknown; outcome?: CallOutcome; duration_ms?: number; error?: string; content?: string } = {}): void {
    if (!this.enabled) return;
    this.record('tool_call', { tool, server: f.server, args_digest: digestArgs(f.args), outcome: f.outcome ?? 'ok', duration_ms: f.duration_ms, error: f.error, content: f.content, run_id: this.runs.getStore() });
  }

  recordLlmCall(model: string, f: { input_tokens?: number; output_tokens?: number; duration_ms?: number; outcome?: CallOutcome; error?: string; content?: string } = {}): void {
    this.record('llm_call', { model, ...f, outcome: f.outcome ?? 'ok', run_id: this.runs.getStore() });
  }

  /** Runs `fn` as one agent run: run_start, run_stop, an error event if it throws; calls inside carry its run_id. */
  async run<T>(fn: () => Promise<T> | T, runId = randomBytes(8).toString('hex')): Promise<T> {
    this.record('run_start', { run_id: runId });
    try {
      return await this.runs.run(runId, fn);
    } catch (err) {
      this.record('error', { run_id: runId, error: errorName(err) });
      throw err;
    } finally {
      this.record('run_stop', { run_id: runId });
    }
  }

  /** Runs `fn` as one tool call, recording its duration and outcome. */
  async toolCall<T>(tool: string, fn: () => Promise<T> | T, f: { server?: string; args?: unknown } = {}): Promise<T> {
    const start = performance.now();
    try {
      const result = await fn();
      this.recordToolCall(tool, { ...f, outcome: 'ok', duration_ms: performance.now() - start });
      return result;
    } catch (err) {
      this.recordToolCall(tool, { ...f, outcome: 'error', duration_ms: performance.now() - start, error: errorName(err) });
      throw err;
    }
  }

  /** Runs `fn` as one model call; return token counts from it with `usage` to record them. */
  async llmCall<T>(model: string, fn: () => Promise<T> | T, usage?: (result: T) => { input_tokens?: number; output_tokens?: number }): Promise<T> {
    const start = performance.now();
    try {
      const result = await fn();
      this.recordLlmCall(model, { ...(usage ? usage(result) : {}), duration_ms: performance.now() - start });
      return result;
    } catch (err) {
      this.recordLlmCall(model, { outcome: 'error', error: errorName(err), duration_ms: performance.now() - start });
      throw err;
    }
  }

  /** The decorator of the Python SDK: a function whose every call is recorded as a tool call. */
  tool<A extends unknown[], R>(name: string, fn: (...args: A) => R, f: { server?: string } = {}): (...args: A) => R {
    return (...args: A): R => {
      if (!this.enabled) return fn(...args);
      const start = performance.now();
      let result: R;
      try {
        result = fn(...args);
      } catch (err) {
        this.recordToolCall(name, { server: f.server, args, outcome: 'error', duration_ms: performance.now() - start, error: errorName(err) });
        throw err;
      }
      if (result instanceof Promise) {
        return result.then(
          (v: unknown) => { this.recordToolCall(name, { server: f.server, args, outcome: 'ok', duration_ms: performance.now() - start }); return v; },
          (err: unknown) => { this.recordToolCall(name, { server: f.server, args, outcome: 'error', duration_ms: performance.now() - start, error: errorName(err) }); throw err; },
        ) as R;
      }
      this.recordToolCall(name, { server: f.server, args, outcome: 'ok', duration_ms: performance.now() - start });
      return result;
    };
  }

  // -- sending -----------------------------------------------------------------------------------

  private async request(path: string, body: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': `threatvec-node/${VERSION}` };
    if (this.orgKey) headers['x-org-key'] = this.orgKey;
    const res = await fetch(this.serverUrl + path, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await res.text();
    if (!res.ok) {
      let message = res.statusText;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch { /* not JSON: the status text says enough */ }
      throw Object.assign(new Error(`HTTP ${res.status}: ${message}`), { status: res.status });
    }
    return text ? JSON.parse(text) : null;
  }

  /** One step of the reporter: register if needed, heartbeat when due, send what is buffered. Never rejects. */
  private tick(force = false): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!force && Date.now() < this.nextAttempt) return Promise.resolve();
    this.flushing = this.step().catch((err: unknown) => {
      this.lastError = err instanceof Error ? err.message : String(err);
    }).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async step(): Promise<void> {
    try {
      if (!this.agentId) {
        const out = (await this.request('/api/v1/assets', { kind: 'agent', name: this.agentName, ...this.profile })) as { asset: { id: string } };
        this.agentId = out.asset.id;
      }
      if (Date.now() >= this.nextHeartbeat) {
        this.record('heartbeat');
        this.nextHeartbeat = Date.now() + this.heartbeatMs;
      }
      while (this.buffer.length || this.droppedUnreported) await this.sendBatch();
      this.lastError = null;
      this.backoffMs = this.flushMs;
      this.nextAttempt = 0;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
      this.nextAttempt = Date.now() + this.backoffMs;
    }
  }

  private async sendBatch(): Promise<void> {
    const batch = this.buffer.splice(0, this.batchSize);
    const dropped = this.droppedUnreported;
    this.droppedUnreported = 0;
    for (const e of batch) if (typeof e.ts === 'number') e.ts = new Date(e.ts).toISOString();
    try {
      await this.request(`/api/v1/agents/${encodeURIComponent(this.agentId ?? '')}/events`, { events: batch, dropped });
      this.sent += batch.length;
    } catch (err) {
      const status = (err as { status?: number }).status ?? 0;
      if (status >= 400 && status < 500 && ![401, 403, 404, 408, 429].includes(status)) {
        // Refused as malformed: resending would fail forever; count it lost and go on.
        this.dropped += batch.length;
        this.droppedUnreported += dropped + batch.length;
        return;
      }
      if (status === 404) this.agentId = null; // the registry lost the agent: register again
      this.buffer.unshift(...batch);
      this.droppedUnreported += dropped;
      const over = this.buffer.length - this.maxBuffer;
      if (over > 0) {
        this.buffer.splice(this.maxBuffer, over);
        this.dropped += over;
        this.droppedUnreported += over;
      }
      throw err;
    }
  }
}

/** The part of an @modelcontextprotocol/sdk Client that instrument() wraps. */
export interface InstrumentableClient {
  callTool(params: { name: string; arguments?: Record<string, unknown> }, ...rest: unknown[]): Promise<unknown>;
  getServerVersion?(): { name?: string } | undefined;
}

/**
 * Reports every `callTool` of an MCP client as a tool call: the server's name (from its initialize
 * answer), the tool, a digest of the arguments, the duration, and the outcome (error when the call threw
 * or the result says isError). Returns the same client.
 */
export function instrument<C extends InstrumentableClient>(client: C, tv: ThreatVec | null = current): C {
  const original = client.callTool.bind(client);
  client.callTool = (async (params: { name: string; arguments?: Record<string, unknown> }, ...rest: unknown[]) => {
    const reporter = tv ?? current;
    if (!reporter?.enabled) return original(params, ...rest);
    const server = client.getServerVersion?.()?.name;
    const start = performance.now();
    try {
      const result = await original(params, ...rest);
      const isError = !!(result && typeof result === 'object' && (result as { isError?: boolean }).isError);
      reporter.recordToolCall(params.name, { server, args: params.arguments ?? {}, outcome: isError ? 'error' : 'ok', duration_ms: performance.now() - start, error: isError ? 'tool_error' : undefined });
      return result;
    } catch (err) {
      reporter.recordToolCall(params.name, { server, args: params.arguments ?? {}, outcome: 'error', duration_ms: performance.now() - start, error: errorName(err) });
      throw err;
    }
  }) as C['callTool'];
  return client;
}
