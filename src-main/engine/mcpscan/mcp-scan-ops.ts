// The engine side of the mcpScan.* operations: reads of the recorded scans, approval, and vetting a
// listing passed in (static, nothing recorded).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import { SEVERITY_RANK } from '../anomalies/types';
import type { Engine } from '../engine';
import { UserError } from '../errors';
import { parseToolsJson } from './listing';
import { judge } from './scan-service';

export function scanFindings(engine: Engine, input: OpParsedInput<'mcpscan.findings'>): OpOutput<'mcpscan.findings'> {
  const store = engine.mcpScans;
  const servers = input.server ? [store.latestResult(input.server)] : store.latest();
  const findings = servers.flatMap((s) => s.findings.map((f) => ({ ...f, server: s.name, server_key: s.server_key })))
    .filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[input.min_severity])
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return { findings };
}

export function scanDiff(engine: Engine, server: string): OpOutput<'mcpscan.diff'> {
  const r = engine.mcpScans.latestResult(server);
  return { server_key: r.server_key, pin_status: r.pin.status, approved_at: r.pin.approved_at, diff: r.diff };
}

export function scanListing(engine: Engine, input: OpParsedInput<'mcpscan.scanListing'>, actor: Actor): OpOutput<'mcpscan.scanListing'> {
  let listing;
  try {
    listing = parseToolsJson(input.listing, input.name);
  } catch (err) {
    throw new UserError('invalid_input', `listing: ${(err as Error).message}`, 'listing');
  }
  return judge(engine, [{ server: { name: input.name, transport: 'static', command: null, args: [], url: null, source: { client: 'vetting', file: null, pointer: null } }, listing: { ok: true, listing }, register: false }], [], actor, { record: false });
}
