// An MCP integrity scan from listings to verdicts: runs the detection rules over each listed server
// (with the others, for shadowing), compares each with its approved pin (diff, schema stability), judges
// catalogue trust, records the result, keeps each server in the asset registry, and reports findings,
// rug pulls and unreachable servers as AI anomalies so the event log and the stream carry them.
// Synchronous: the network part (listing.ts) runs before, so the engine's write path stays one transaction.
import type { McpFinding, McpScanResult, McpServerResult } from '@shared/contract/operations/mcp-scan-schemas';
import type { Actor } from '@shared/domain/actor';
import { SEVERITIES, type Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { SEVERITY_RANK } from '../anomalies/types';
import type { Engine } from '../engine';
import { loadCatalog, matchCatalog, trustOf } from './catalog';
import type { DiscoveredServer, DiscoveryProblem } from './discovery';
import { launchKey, type Listing, type ListingResult } from './listing';
import { diffListings, fingerprint, isEmptyDiff, pinnedForm, type ListingDiff } from './pinning';
import { detectFindings } from './rules';
import type { RunnableRule } from './rules/text-rules';
import type { RuleFinding, ScannedServer } from './types';

/** One server to judge: where it came from and what listing it gave (or why it gave none). */
export interface ScanTarget {
  server: Pick<DiscoveredServer, 'name' | 'command' | 'args' | 'url'> & { transport: DiscoveredServer['transport'] | 'static'; source: { client: string; file: string | null; pointer: string | null } };
  listing: ListingResult;
  /** Register or update it as an MCP server asset (not for a one-off vetting of a listing). */
  register: boolean;
}

function serverKeyOf(t: ScanTarget['server']): string {
  return t.transport === 'static' ? `static:${t.name}` : launchKey({ transport: t.transport, command: t.command, args: t.args, url: t.url });
}

const ANOMALY_TYPE = { tool_shadowing: 'mcp_tool_shadowing', rug_pull: 'mcp_rug_pull', unreachable: 'mcp_server_unreachable' } as const;

function summarize(servers: McpServerResult[]): McpScanResult['summary'] {
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let highest: Severity | null = null;
  for (const s of servers) for (const f of s.findings) {
    findings[f.severity]++;
    if (!highest || SEVERITY_RANK[f.severity] > SEVERITY_RANK[highest]) highest = f.severity;
  }
  return { servers: servers.length, unreachable: servers.filter((s) => s.status === 'error').length, changed: servers.filter((s) => s.pin.status === 'changed').length, findings, highest };
}

function rugPullFinding(diff: ListingDiff, loc: McpFinding['location']): McpFinding {
  const parts = [
    diff.added.length && `added ${diff.added.join(', ')}`, diff.removed.length && `removed ${diff.removed.join(', ')}`,
    diff.renamed.length && `renamed ${diff.renamed.map((r) => `${r.from} → ${r.to}`).join(', ')}`,
    diff.changed.length && `changed ${diff.changed.map((c) => `${c.tool} (${c.changes.map((x) => x.field).join(', ')})`).join(', ')}`,
    diff.server_changes.length && `server ${diff.server_changes.map((c) => c.field).join(', ')}`,
  ].filter(Boolean);
  const first = diff.changed[0];
  return {
    rule_id: 'MCP-PIN-001', family: 'rug_pull', severity: 'high', tool: first?.tool ?? diff.added[0] ?? null,
    pointer: '', matched: parts.join('; '),
    explanation: 'What this server shows clients changed since it was approved (a rug pull until someone re-approves it): review the diff, then `mcp-scan approve` if it is expected.',
    owasp_llm: ['LLM03', 'LLM01'], atlas: ['AML.T0010'], location: loc,
  };
}

/** Judges the targets; with record (the default) stores the results, registers assets and reports anomalies. */
export interface JudgeOptions {
  /** Store the results, register assets and report anomalies (default true). */
  record?: boolean;
  /** The user's own rules (`--rules FILE`), run beside the built-in ones. */
  userRules?: readonly RunnableRule[];
  /** What the optional local model judge added, per target (scan-machine asks it before judging). */
  judged?: ReadonlyMap<ScanTarget, readonly RuleFinding[]>;
}

/** The rules' findings plus the judge's additions; the judge adds no second covert finding where a rule already has one. */
function findingsOf(scanned: ScannedServer, others: readonly ScannedServer[], userRules: readonly RunnableRule[] | undefined, judged: readonly RuleFinding[]): RuleFinding[] {
  const findings = detectFindings(scanned, others, userRules ? { userRules } : {});
  const covered = new Set(findings.filter((f) => f.family === 'covert_instruction').map((f) => f.pointer));
  return [...findings, ...judged.filter((f) => !covered.has(f.pointer))];
}

/** The form the rules judge a listing in: its identity is the server's key and version. */
export function scannedForm(t: ScanTarget): ScannedServer | null {
  return t.listing.ok ? { identity: `${serverKeyOf(t.server)}@${t.listing.listing.version ?? ''}`, ...t.listing.listing } : null;
}

export function judge(engine: Engine, targets: ScanTarget[], problems: DiscoveryProblem[], actor: Actor, opts: JudgeOptions = {}): McpScanResult {
  const store = engine.mcpScans;
  const catalog = loadCatalog(engine.dataDir);
  const now = engine.clock.now();
  const listed = targets.map((t) => {
    const key = serverKeyOf(t.server);
    const listing: Listing | null = t.listing.ok ? t.listing.listing : null;
    const scanned = scannedForm(t);
    return { t, key, listing, scanned };
  });
  const all = listed.flatMap((l) => (l.scanned ? [l.scanned] : []));
  const servers: McpServerResult[] = listed.map(({ t, key, listing, scanned }) => {
    const loc = { file: t.server.source.file, config_pointer: t.server.source.pointer };
    const pin = store.pin(key);
    const pinned = listing ? pinnedForm(listing) : null;
    const fp = pinned ? fingerprint(pinned) : null;
    const diff = pin && pinned && fp !== pin.fingerprint ? diffListings(pin.listing, pinned) : null;
    const pinStatus = !pin ? 'unpinned' : !fp ? 'unpinned' : fp === pin.fingerprint || (diff && isEmptyDiff(diff)) ? 'match' : 'changed';
    const findings: McpFinding[] = scanned
      ? findingsOf(scanned, all.filter((o) => o !== scanned), opts.userRules, opts.judged?.get(t) ?? []).map((f) => ({ ...f, location: loc }))
      : [{ rule_id: 'MCP-CONN-001', family: 'unreachable', severity: 'medium', tool: null, pointer: '', matched: t.listing.ok ? '' : t.listing.reason,
        explanation: 'The server could not be started or did not answer, so it was not judged: it is not clean.', owasp_llm: [], atlas: [], location: loc }];
    if (pinStatus === 'changed' && diff) findings.push(rugPullFinding(diff, loc));
    const match = matchCatalog(catalog, { command: t.server.command, args: t.server.args, url: t.server.url });
    return {
      server_key: key, identity: scanned?.identity ?? key, name: t.server.name, asset_id: null, transport: t.server.transport,
      command: t.server.command ? [t.server.command, ...t.server.args].join(' ') : null, url: t.server.url,
      source: { client: t.server.source.client, file: t.server.source.file, pointer: t.server.source.pointer },
      status: listing ? 'ok' : 'error', error: t.listing.ok ? null : t.listing.reason, version: listing?.version ?? null,
      tool_count: listing?.tools.length ?? 0, fingerprint: fp,
      pin: { status: pinStatus, fingerprint: pin?.fingerprint ?? null, approved_at: isoOrNull(pin?.approved_at ?? null) },
      diff, schema_stability: store.stability(key, pin, fp), trust: trustOf(catalog, match, pinStatus), findings,
      scanned_at: isoOrNull(now) as string,
    };
  });
  if (opts.record !== false) engine.sql.transaction(() => {
    servers.forEach((res, i) => {
      const { t, listing } = listed[i];
      if (t.register && t.server.transport !== 'static') {
        const { asset } = engine.assets.register({
          kind: 'mcp_server', name: res.name, transport: t.server.transport, command: res.command, url: res.url, version: res.version,
          publisher: res.trust.publisher, description: `MCP server from ${t.server.source.client} config ${t.server.source.file ?? ''}`.trim(),
          tools: listing?.tools.map((x) => x.name),
        }, actor);
        res.asset_id = asset.id;
      }
      store.recordScan(res, listing ? pinnedForm(listing) : null, now);
      reportAnomalies(engine, res);
    });
  });
  return { scanned_at: isoOrNull(now) as string, servers, summary: summarize(servers), problems };
}

function reportAnomalies(engine: Engine, res: McpServerResult): void {
  const subject_id = res.asset_id ?? res.server_key;
  const byType = new Map<string, McpFinding[]>();
  for (const f of res.findings) {
    const type = (ANOMALY_TYPE as Record<string, string>)[f.family] ?? 'mcp_tool_poisoning';
    byType.set(type, [...(byType.get(type) ?? []), f]);
  }
  for (const [type, fs] of byType) {
    const worst = fs.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    engine.aiAnomalies.report({
      subject_kind: 'mcp_server', subject_id, subject_name: res.name, type: type as 'mcp_tool_poisoning', severity: worst.severity, confidence: 0.9,
      description: `${res.name}: ${fs.length} ${type === 'mcp_server_unreachable' ? 'connection failure' : 'finding'}${fs.length === 1 ? '' : 's'}; ${worst.rule_id} on ${worst.tool ?? 'the server'}: ${worst.explanation}`,
      recommended_action: type === 'mcp_rug_pull' ? `Review the diff (threatmatic mcp-scan diff "${res.server_key}"), then re-approve or remove the server`
        : type === 'mcp_server_unreachable' ? 'Check the server starts and answers, then scan again' : 'Do not use these tools until the description is reviewed; remove the server if it is not trusted',
      evidence: { server_key: res.server_key, fingerprint: res.fingerprint, findings: fs.slice(0, 20).map((f) => ({ rule_id: f.rule_id, tool: f.tool, pointer: f.pointer, matched: f.matched.slice(0, 300) })), diff: type === 'mcp_rug_pull' ? res.diff : undefined },
      dedupe_key: `mcp_server:${res.server_key}:${type}`,
    });
  }
}
