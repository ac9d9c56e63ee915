// `threatmatic cve import|list|show|status|ask` and `threatmatic stack import|list`: vulnerability exposure
// from the command line, through the same operations as GET /api/v1/patches, PATCH
// /api/v1/patches/{id}/status, POST /api/v1/patches/ask and the tech-stack endpoints. The feeds are
// imported from files here (the CLI runs on the engine's machine); a stack file is read here and sent as text.
import { readFileSync } from 'node:fs';
import type { OpOutput } from '@shared/contract/index';
import { PATCH_SORTS, PATCH_STATUSES, VULN_SEVERITIES, type Patch } from '@shared/contract/operations/vulns-schemas';
import { dispatch, dispatchAsync } from '../../engine/dispatch';
import { CliUsageError, intOpt, stringOpt, type CliCommand } from '../command';
import { keyValues, table } from '../format';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const dueText = (p: Patch) => (p.status !== 'open' && p.status !== 'investigating' ? p.status : `${day(p.sla.due)}${p.sla.overdue ? ' OVERDUE' : ` (${p.sla.days_left}d)`}`);

export const cveImportCommand: CliCommand = {
  name: 'cve import',
  summary: 'Import vulnerability feeds from files: CVE JSON 5, NVD 2.0, OSV (JSON/YAML), CISA KEV (JSON/CSV), EPSS (CSV); a file, a folder tree or a zip',
  args: 'PATH...',
  minArgs: 1,
  maxArgs: 20,
  options: {
    kind: { type: 'string', description: 'cve5, osv, nvd, kev or epss (default: recognised per file)', valueName: 'K' },
    date: { type: 'string', description: 'Feed date YYYY-MM-DD for EPSS files without one', valueName: 'D' },
  },
  details: `Feeds are read one file (or zip entry) at a time, in batches, so memory stays flat. Each import is
recorded with its source and date; the tech stack is matched again and every CVE touched is rescored.
A critical CVE that lands on the stack is announced on the live stream as new_critical_cve.

Example: threatmatic cve import cvelistV5/cves osv-PyPI.zip known_exploited_vulnerabilities.json epss.csv`,
  async run(ctx) {
    const results: OpOutput<'vulns.importFeed'>[] = [];
    for (const path of ctx.positionals) {
      results.push(await dispatchAsync(ctx.engine(), 'vulns.importFeed', { path, kind: stringOpt(ctx, 'kind'), date: stringOpt(ctx, 'date') }, ctx.call));
    }
    ctx.emit(results.length === 1 ? results[0] : results, () => results.map((s) => [
      keyValues({
        source: s.source,
        feeds: s.feeds.map((f) => `${f.kind} ${f.records} (${f.new_records} new, dated ${f.feed_date ?? 'unknown'})`).join('; ') || '-',
        rejected: s.rejected_count, skipped_files: s.skipped_files, ai_relevant: s.ai_relevant, on_stack: s.on_stack,
        new_critical_on_stack: s.new_critical_on_stack.join(', ') || '-',
      }),
      s.rejected.length ? `Rejected:\n${table(s.rejected.slice(0, 20), ['where', 'reason'])}` : '',
    ].filter(Boolean).join('\n')).join('\n\n'));
    return results.every((s) => s.records === 0 && s.rejected_count > 0) ? 2 : 0;
  },
};

export const cveListCommand: CliCommand = {
  name: 'cve list',
  summary: 'CVEs ranked by priority for the stack (CVSS 40, stack 30, EPSS 20, age 10) with SLA due dates',
  maxArgs: 0,
  options: {
    product: { type: 'string', description: 'Affected package or product (comma-separated for several)', valueName: 'P' },
    severity: { type: 'string', description: `Comma-separated: ${VULN_SEVERITIES.join(', ')}`, valueName: 'S' },
    kev: { type: 'boolean', description: 'Only CVEs in the CISA KEV catalogue' },
    overdue: { type: 'boolean', description: 'Only CVEs past their SLA due date' },
    scope: { type: 'string', description: 'ai (default), stack or all', valueName: 'S' },
    status: { type: 'string', description: 'open (default), closed, all, or a status', valueName: 'S' },
    sort: { type: 'string', description: PATCH_SORTS.join(', '), valueName: 'S' },
    limit: { type: 'string', description: 'How many (default 20)', valueName: 'N' },
  },
  run(ctx) {
    const r = dispatch(ctx.engine(), 'vulns.patches', {
      products: stringOpt(ctx, 'product')?.split(',').map((s) => s.trim()).filter(Boolean),
      severity: stringOpt(ctx, 'severity')?.split(',').map((s) => s.trim()).filter(Boolean),
      kev: ctx.values.kev === true ? true : undefined,
      overdue: ctx.values.overdue === true ? true : undefined,
      scope: stringOpt(ctx, 'scope'), status: stringOpt(ctx, 'status'), sort: stringOpt(ctx, 'sort'),
      limit: intOpt(ctx, 'limit', 20, 1),
    }, ctx.call);
    ctx.emit(r, () => `${table(r.patches.map((p) => ({
      cve: p.cve_id, priority: p.priority, severity: p.severity, kev: p.kev ? 'KEV' : '', due: dueText(p),
      stack: p.matches.map((m) => `${m.technology}${m.version ? ` ${m.version}` : ''}${m.confidence === 'low' ? ' (low)' : ''}`).join(', ') || '—',
      title: (p.title ?? p.description ?? '').replace(/\s+/g, ' ').slice(0, 60),
    })), ['cve', 'priority', 'severity', 'kev', 'due', 'stack', 'title'])}\n${r.patches.length} of ${r.total}`);
  },
};

export const cveShowCommand: CliCommand = {
  name: 'cve show',
  summary: 'One CVE: priority breakdown (each component with its input and date), SLA, KEV/SSVC, affected stack entries, advisory ranges',
  args: 'CVE',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const r = dispatch(ctx.engine(), 'vulns.show', { id: ctx.positionals[0] }, ctx.call);
    const p = r.patch;
    ctx.emit(r, () => [
      `${p.cve_id}${p.title ? ` ${p.title}` : ''} — ${p.severity}, priority ${p.priority}, status ${p.status}${p.status_reason ? ` (${p.status_reason})` : ''}`,
      table((['cvss', 'stack', 'epss', 'age'] as const).map((k) => ({ component: k, points: `${p.breakdown[k].points}/${p.breakdown[k].max}`, input: p.breakdown[k].input, date: p.breakdown[k].date ?? '—' })), ['component', 'points', 'input', 'date']),
      `SLA: due ${day(p.sla.due)} (${p.sla.basis_text}; from ${day(p.sla.start)})${p.sla.overdue ? `, OVERDUE by ${-p.sla.days_left} days` : `, ${p.sla.days_left} days left`}`,
      p.kev ? `KEV: added ${p.kev.date_added}, due ${p.kev.due_date ?? '—'}${p.kev.ransomware ? ', used by ransomware' : ''}` : 'KEV: no',
      p.ssvc ? `SSVC: exploitation ${p.ssvc.exploitation}, automatable ${p.ssvc.automatable}, technical impact ${p.ssvc.technical_impact} → ${p.ssvc.decision}` : 'SSVC: none',
      `AI-relevant: ${p.ai_reason ?? 'no'}`,
      p.matches.length ? `Affected stack entries:\n${table(p.matches.map((m) => ({ stack_id: m.stack_id, entry: `${m.technology} ${m.version ?? ''}`.trim(), rule: m.rule, range: m.range, confidence: m.confidence, status: m.status })), ['stack_id', 'entry', 'rule', 'range', 'confidence', 'status'])}` : 'Not on the stack.',
      p.description ?? '',
    ].join('\n'));
  },
};

export const cveStatusCommand: CliCommand = {
  name: 'cve status',
  summary: `Mark a CVE (or one stack entry of it: --stack ID) ${PATCH_STATUSES.join(', ')}; wont_fix needs --reason; audited`,
  args: 'CVE STATUS',
  minArgs: 2,
  maxArgs: 2,
  options: {
    reason: { type: 'string', description: 'Why (required for wont_fix)', valueName: 'TEXT' },
    stack: { type: 'string', description: 'Only this affected stack entry', valueName: 'ID' },
  },
  run(ctx) {
    const [id, status] = ctx.positionals;
    if (!(PATCH_STATUSES as readonly string[]).includes(status)) throw new CliUsageError(`STATUS must be one of ${PATCH_STATUSES.join(', ')}, got '${status}'`);
    const r = dispatch(ctx.engine(), 'vulns.setStatus', { id, status, reason: stringOpt(ctx, 'reason'), stack_id: stringOpt(ctx, 'stack') }, ctx.call);
    ctx.emit(r, `${r.patch.cve_id}${stringOpt(ctx, 'stack') ? ` on ${stringOpt(ctx, 'stack')}` : ''}: ${r.previous} → ${status}`);
  },
};

export const cveAskCommand: CliCommand = {
  name: 'cve ask',
  summary: 'Ask about your CVE exposure in plain words; answered locally in 2–4 sentences citing CVE ids',
  args: 'QUESTION...',
  minArgs: 1,
  maxArgs: 100,
  details: 'Example: threatmatic cve ask "what langchain patches matter most right now?"',
  run(ctx) {
    const r = dispatch(ctx.engine(), 'vulns.ask', { question: ctx.positionals.join(' ') }, ctx.call);
    ctx.emit(r, `${r.answer}\n\nFilter: ${r.understood.join('; ') || 'none (all open AI-relevant CVEs)'}`);
  },
};

export const stackImportCommand: CliCommand = {
  name: 'stack import',
  summary: 'Import the tech stack: CSV technology,version,vendor,asset_count, or a CycloneDX / SPDX JSON SBOM',
  args: 'FILE',
  minArgs: 1,
  maxArgs: 1,
  options: { format: { type: 'string', description: 'csv, cyclonedx or spdx (default: detected)', valueName: 'F' } },
  run(ctx) {
    let content: string;
    try {
      content = readFileSync(ctx.positionals[0], 'utf8');
    } catch {
      throw new CliUsageError(`cannot read ${ctx.positionals[0]}`);
    }
    const r = dispatch(ctx.engine(), 'vulns.importStack', { file: content, format: stringOpt(ctx, 'format') }, ctx.call);
    ctx.emit(r, () => [
      `${r.imported} entries (${r.added} new) from ${r.format}; ${r.matched_cves} open CVE matches`,
      table(r.entries.map((e) => ({ id: e.id, technology: e.technology, version: e.version ?? '—', package: e.purl ?? e.package, open_cves: e.open_cves })), ['id', 'technology', 'version', 'package', 'open_cves']),
      r.rejected.length ? `Rejected:\n${table(r.rejected, ['where', 'reason'])}` : '',
    ].filter(Boolean).join('\n'));
    return r.imported === 0 && r.rejected.length > 0 ? 2 : 0;
  },
};

export const stackListCommand: CliCommand = {
  name: 'stack list',
  summary: 'The tech stack entries with their package identity and open CVEs',
  maxArgs: 0,
  run(ctx) {
    const r = dispatch(ctx.engine(), 'vulns.listStack', { limit: 1000 }, ctx.call);
    ctx.emit(r, () => `${table(r.entries.map((e) => ({ id: e.id, technology: e.technology, version: e.version ?? '—', vendor: e.vendor ?? '—', assets: e.asset_count ?? '—', package: e.purl ?? e.package, source: e.source, open_cves: e.open_cves })), ['id', 'technology', 'version', 'vendor', 'assets', 'package', 'source', 'open_cves'])}\n${r.total} entries`);
  },
};
