// Connects to one MCP server with the SDK client and reads everything a client sees: server info and
// instructions from initialize, every page of tools/list, and prompts/list and resources/list where the
// server offers them. A launched (stdio) server gets only the environment its config gives plus PATH, so
// no secret of the analyst's shell leaks to it; every request carries the SDK's timeout, so a server
// that hangs is reported as unreachable, never as clean. Also reads a saved tools/list (static mode).
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { DiscoveredServer } from './discovery';
import type { ScannedServer, ScannedTool } from './types';

export type Listing = Omit<ScannedServer, 'identity'>;

export type ListingResult = { ok: true; listing: Listing } | { ok: false; reason: string };

/** At most this many pages of one list: a server that pages forever is cut off, and said so. */
const MAX_PAGES = 100;

/** The launch identity of a server: its command line or URL (the version is added once known). */
export function launchKey(s: Pick<DiscoveredServer, 'transport' | 'command' | 'args' | 'url'>): string {
  return s.transport === 'stdio' ? `stdio:${[s.command ?? '', ...s.args].join(' ')}` : `${s.transport}:${s.url ?? ''}`;
}

/**
 * The SDK client, loaded on the first scan: it is a large module graph that every other command (an
 * ingest, a posture query) would otherwise pay for at start-up.
 */
async function sdk() {
  const [{ Client }, { StdioClientTransport }, { StreamableHTTPClientTransport }, { SSEClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
  ]);
  return { Client, StdioClientTransport, StreamableHTTPClientTransport, SSEClientTransport };
}
type Sdk = Awaited<ReturnType<typeof sdk>>;

function transportFor(s: DiscoveredServer, { StdioClientTransport, StreamableHTTPClientTransport, SSEClientTransport }: Sdk): Transport {
  if (s.transport === 'stdio') {
    const env: Record<string, string> = { ...s.env };
    if (!env.PATH && process.env.PATH) env.PATH = process.env.PATH;
    return new StdioClientTransport({ command: s.command ?? '', args: s.args, env, cwd: s.cwd ?? undefined, stderr: 'ignore' });
  }
  const url = new URL(s.url ?? '');
  const requestInit = { headers: s.headers };
  return s.transport === 'sse' ? new SSEClientTransport(url, { requestInit }) : new StreamableHTTPClientTransport(url, { requestInit });
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads every page of a list method; stops at MAX_PAGES. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await page(cursor);
    out.push(...r.items);
    if (!r.nextCursor) return out;
    cursor = r.nextCursor;
  }
  throw new Error(`more than ${MAX_PAGES} pages: the listing was cut off`);
}

function toScannedTool(t: Record<string, unknown>): ScannedTool {
  const tool: ScannedTool = { name: String(t.name ?? ''), description: str(t.description) ?? '', inputSchema: t.inputSchema ?? {} };
  if (typeof t.title === 'string') tool.title = t.title;
  if (t.outputSchema !== undefined) tool.outputSchema = t.outputSchema;
  if (t.annotations !== undefined) tool.annotations = t.annotations;
  return tool;
}

/** Connects, lists, and closes (the launched process with it). */
export async function listServer(s: DiscoveredServer, timeoutMs: number): Promise<ListingResult> {
  const lib = await sdk();
  const client = new lib.Client({ name: 'threatmatic-mcp-scan', version: '1.0.0' });
  let transport: Transport;
  try {
    transport = transportFor(s, lib);
  } catch (err) {
    return { ok: false, reason: `cannot start: ${(err as Error).message}` };
  }
  // The launched process's pid, recorded as soon as it starts: the SDK drops it when it begins closing.
  let pid: number | null = null;
  if (transport instanceof lib.StdioClientTransport) {
    const stdio = transport;
    const start = stdio.start.bind(stdio);
    stdio.start = async () => {
      await start();
      pid = stdio.pid;
    };
  }
  const opts = { timeout: timeoutMs, maxTotalTimeout: timeoutMs };
  try {
    await client.connect(transport, opts);
    const caps = client.getServerCapabilities() ?? {};
    const info = client.getServerVersion();
    const tools = caps.tools
      ? await allPages(async (cursor) => { const r = await client.listTools(cursor ? { cursor } : {}, opts); return { items: r.tools, nextCursor: r.nextCursor }; })
      : [];
    const prompts = caps.prompts
      ? await allPages(async (cursor) => { const r = await client.listPrompts(cursor ? { cursor } : {}, opts); return { items: r.prompts, nextCursor: r.nextCursor }; })
      : [];
    const resources = caps.resources
      ? await allPages(async (cursor) => { const r = await client.listResources(cursor ? { cursor } : {}, opts); return { items: r.resources, nextCursor: r.nextCursor }; })
      : [];
    return {
      ok: true,
      listing: {
        name: info?.name ?? s.name, version: info?.version ?? null, instructions: client.getInstructions() ?? null,
        tools: tools.map((t) => toScannedTool(t as Record<string, unknown>)),
        prompts: prompts.map((p) => ({ name: p.name, description: p.description ?? null })),
        resources: resources.map((r) => ({ uri: r.uri, name: r.name ?? null, description: r.description ?? null })),
      },
    };
  } catch (err) {
    return { ok: false, reason: describeFailure(err, timeoutMs) };
  } finally {
    await client.close().catch(() => undefined);
    if (pid !== null) await endLaunchedProcess(pid);
  }
}

/** Whether a process with this pid is still there (EPERM: it is, but is not ours to signal). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes sure a launched server has exited before its listing is returned. The SDK's stdio close is not
 * enough: it ends the server's stdin and then waits on unref'd 2 s timers before SIGTERM and SIGKILL,
 * and when initialize fails it starts that close itself without awaiting it. A process that exits
 * before those timers fire (the CLI right after `mcp-scan`, a test worker) never sends the signals,
 * and a server that ignores the end of its input, like one that hangs, runs on as an orphan. So: a
 * SIGTERM, then a SIGKILL, each waited for, under a second in all. Never throws (the process may be gone
 * already, and Windows knows fewer signals).
 */
async function endLaunchedProcess(pid: number): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!processAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH (it exited meanwhile) or a signal the platform does not know: the next check decides.
    }
    for (const until = Date.now() + 450; processAlive(pid) && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/timed out|timeout/i.test(msg)) return `no answer within ${timeoutMs} ms (${msg})`;
  if (/ENOENT|spawn/i.test(msg)) return `failed to start: ${msg}`;
  return msg;
}

/** A saved tools/list result (`{tools:[...]}`, a bare array, or one tool) as a listing. */
export function parseToolsJson(doc: unknown, fallbackName: string): Listing {
  const obj = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  const raw = Array.isArray(doc) ? doc : Array.isArray(obj?.tools) ? (obj.tools as unknown[]) : obj && typeof obj.name === 'string' ? [obj] : null;
  if (!raw) throw new Error('expected a tools/list result ({"tools": [...]}), an array of tools, or one tool');
  const tools = raw.map((t, i) => {
    if (typeof t !== 'object' || t === null || typeof (t as { name?: unknown }).name !== 'string') throw new Error(`tools[${i}]: a tool needs a string "name"`);
    return toScannedTool(t as Record<string, unknown>);
  });
  const info = obj && typeof obj.serverInfo === 'object' && obj.serverInfo !== null ? (obj.serverInfo as Record<string, unknown>) : null;
  return {
    name: str(info?.name) ?? fallbackName, version: str(info?.version), instructions: str(obj?.instructions), tools,
    prompts: Array.isArray(obj?.prompts) ? (obj.prompts as Record<string, unknown>[]).map((p) => ({ name: String(p.name), description: str(p.description) })) : [],
    resources: Array.isArray(obj?.resources) ? (obj.resources as Record<string, unknown>[]).map((r) => ({ uri: String(r.uri), name: str(r.name), description: str(r.description) })) : [],
  };
}
