// A live scan of the machine: the servers the MCP clients' config files declare (and extra files), the
// MCP servers in the asset registry, and saved tools/list files; each listed (a few at a time) and then
// judged and recorded by scan-service.
import { readFileSync } from 'node:fs';
import type { McpScanResult } from '@shared/contract/operations/mcp-scan-schemas';
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine';
import { discoverServers, type DiscoveredServer, type DiscoveryProblem } from './discovery';
import { launchKey, listServer, parseToolsJson, type ListingResult } from './listing';
import { judgeFindings, type JudgeConfig } from './judge';
import type { RunnableRule } from './rules/text-rules';
import { judge, scannedForm, type ScanTarget } from './scan-service';
import type { RuleFinding } from './types';

export interface MachineScanOptions {
  home: string | null;
  cwd: string | null;
  configs: string[];
  toolsJson: string[];
  timeoutMs: number;
  /** Include the MCP servers registered in the asset registry (default true). */
  registry?: boolean;
  /** The user's own rules (`--rules FILE`, already loaded and checked). */
  userRules?: readonly RunnableRule[];
  /** The optional local model judge (THREATMATIC_MCP_JUDGE_URL); never required. */
  judge?: JudgeConfig | null;
}

const PARALLEL = 4;

/** The registry's MCP servers that no config file declared. */
function registryServers(engine: Engine, known: Set<string>): DiscoveredServer[] {
  const out: DiscoveredServer[] = [];
  for (const a of engine.assets.list({ kind: 'mcp_server', limit: 1000, offset: 0 }).assets) {
    if (a.status === 'retired' || (!a.command && !a.url)) continue;
    const [command, ...args] = (a.command ?? '').split(/\s+/).filter(Boolean);
    const transport = a.command ? 'stdio' : a.transport === 'sse' ? 'sse' : 'streamable_http';
    const s: DiscoveredServer = { name: a.name, transport, command: command ?? null, args, env: {}, cwd: null, url: a.command ? null : a.url, headers: {}, source: { client: 'registry', file: '', pointer: `/assets/${a.id}` } };
    if (!known.has(launchKey(s))) out.push(s);
  }
  return out;
}

async function inBatches<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  }));
  return out;
}

export async function scanMachine(engine: Engine, opts: MachineScanOptions, actor: Actor, progress?: (text: string) => void): Promise<McpScanResult> {
  const problems: DiscoveryProblem[] = [];
  const targets: ScanTarget[] = [];
  const onlyStatic = opts.toolsJson.length > 0 && opts.configs.length === 0;
  if (!onlyStatic) {
    const found = opts.home ? discoverServers({ home: opts.home, cwd: opts.cwd, extraConfigs: opts.configs }) : { servers: [], problems: [], files: [] };
    problems.push(...found.problems);
    // The same launch named by two clients is one server, scanned once.
    const unique = new Map<string, DiscoveredServer>();
    for (const s of found.servers) if (!unique.has(launchKey(s))) unique.set(launchKey(s), s);
    const servers = [...unique.values(), ...(opts.registry === false ? [] : registryServers(engine, new Set(unique.keys())))];
    const listings = await inBatches(servers, PARALLEL, async (s) => {
      progress?.(`listing ${s.name}`);
      return listServer(s, opts.timeoutMs);
    });
    servers.forEach((s, i) => targets.push({ server: { ...s, source: { ...s.source, file: s.source.file || null } }, listing: listings[i], register: s.source.client !== 'registry' }));
  }
  for (const file of opts.toolsJson) {
    let listing: ListingResult;
    try {
      listing = { ok: true, listing: parseToolsJson(JSON.parse(readFileSync(file, 'utf8')), file.split(/[\\/]/).pop() ?? file) };
    } catch (err) {
      listing = { ok: false, reason: `cannot read ${file}: ${(err as Error).message}` };
    }
    const name = listing.ok ? listing.listing.name : file;
    targets.push({ server: { name, transport: 'static', command: null, args: [], url: null, source: { client: 'tools_json', file, pointer: '' } }, listing, register: false });
  }
  // The optional local judge may add findings; its failures are reported as problems, never fatal.
  const judged = new Map<ScanTarget, RuleFinding[]>();
  if (opts.judge) {
    for (const t of targets) {
      const scanned = scannedForm(t);
      if (!scanned) continue;
      progress?.(`asking the local judge about ${scanned.name}`);
      const out = await judgeFindings(scanned, opts.judge);
      judged.set(t, out.findings);
      for (const e of out.errors) problems.push({ file: opts.judge.url, client: 'judge', reason: e });
    }
  }
  return judge(engine, targets, problems, actor, { userRules: opts.userRules, judged });
}
