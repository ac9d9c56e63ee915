// `threatmatic ingest FILE...`: streams telemetry files into the engine with a progress bar
// (stderr; JSON progress lines with --json) and a per-file and total summary. Each file is one call of
// the ingest.file operation; the rejects shown are read through ingest.rejects.
import { TELEMETRY_FORMATS } from '@shared/domain/enums';
import { dispatch, dispatchAsync } from '../../engine/dispatch';
import { UserError } from '../../engine/errors';
import type { IngestProgress, IngestSummary } from '../../engine/ingest/ingestor';
import { CliUsageError, stringOpt, type CliCommand, type CliContext } from '../command';
import { bytes } from '../format';

const BAR = 30;
const SHOWN_REJECTS = 5;

function progressDrawer(ctx: CliContext): ((p: IngestProgress) => void) | undefined {
  if (ctx.json) return (p) => ctx.note(JSON.stringify({ progress: p }));
  if (!ctx.stderrIsTTY) return undefined;
  return (p) => {
    const frac = p.bytes_total ? Math.min(1, p.bytes_done / p.bytes_total) : 1;
    const filled = Math.round(frac * BAR);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${bytes(p.bytes_done)}/${bytes(p.bytes_total)}  ${p.events} events, ${p.rejects} rejects`;
    ctx.status(line);
  };
}

function describe(s: IngestSummary, rejects: string[]): string {
  const head = s.status === 'already_ingested'
    ? `${s.file}: already ingested (source ${s.source_id}, ${s.format}): 0 new events`
    : `${s.file}: ${s.format}, ${s.status}: ${s.events} events, ${s.rejects} rejected, ${s.skipped} skipped, ${s.intel_hits} intel hits ` +
      `(${s.lines} lines in ${s.seconds.toFixed(2)} s, source ${s.source_id})`;
  const lines = [head];
  if (rejects.length) {
    lines.push(`  rejected lines (first ${rejects.length}; all: threatmatic rejects --source ${s.source_id}):`);
    for (const r of rejects) lines.push(`    ${r}`);
  }
  for (const n of s.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  summary: 'Ingest telemetry files: canonical JSONL, Zeek (TSV or JSON), OCSF, Suricata EVE, Windows event logs (JSON); zip and gzip opened',
  args: 'FILE...',
  minArgs: 1,
  options: {
    format: { type: 'string', description: `Skip auto-detection: ${TELEMETRY_FORMATS.join(', ')}`, valueName: 'F' },
    'time-base': { type: 'string', description: 'ISO time that relative Zeek timestamps (seconds since capture start) count from; without it they are rejected', valueName: 'ISO' },
  },
  details: `Each file is identified by the SHA-256 of its content: ingesting it again adds nothing, and an
interrupted ingest resumes after its last committed line. Ingests into one data dir run one at a
time: a second one waits for the first to finish (and says so), then counts fully. Bad lines are rejected with their line
number and reason (see 'threatmatic rejects') and never cost the good lines around them.
Zip and gzip archives are opened and each file inside is ingested as its own source (archive!member).
Windows event logs are read as JSON lines (NXLog/Logstash, Winlogbeat, evtx_dump -o jsonl).
Exit status: 0 when every file was ingested (rejects included), 2 when a file could not be read or
its format is unknown (the other files are still ingested).

Examples:
  threatmatic ingest conn.log dns.log
  threatmatic ingest --format suricata_eve eve.json --json
  threatmatic ingest empire_psexec_dcerpc_tcp_svcctl.zip`,
  async run(ctx) {
    const format = stringOpt(ctx, 'format');
    if (format !== undefined && !(TELEMETRY_FORMATS as readonly string[]).includes(format)) {
      throw new CliUsageError(`--format must be one of ${TELEMETRY_FORMATS.join(', ')}; got '${format}'`);
    }
    const tb = stringOpt(ctx, 'time-base');
    if (tb !== undefined && !Number.isFinite(Date.parse(tb))) throw new CliUsageError(`--time-base must be an ISO 8601 time; got '${tb}'`);
    const engine = ctx.engine();
    const onProgress = progressDrawer(ctx);
    const call = { ...ctx.call, progress: onProgress as ((p: unknown) => void) | undefined, onWait: (m: string) => ctx.note(`threatmatic ingest: ${m}`) };
    const files: IngestSummary[] = [];
    const errors: { file: string; error: string }[] = [];
    const text: string[] = [];
    for (const file of ctx.positionals) {
      try {
        const s: IngestSummary = await dispatchAsync(engine, 'ingest.file', { path: file, format, time_base: tb }, call);
        files.push(s);
        const rejects = s.rejects ? dispatch(engine, 'ingest.rejects', { source_id: s.source_id, limit: SHOWN_REJECTS, offset: 0 }, ctx.call).rejects.map((r) => r.reason) : [];
        text.push(describe(s, rejects));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        errors.push({ file, error: err.message });
        ctx.note(`threatmatic ingest: ${err.message}`);
      }
    }
    const sum = (k: 'lines' | 'events' | 'rejects' | 'skipped' | 'intel_hits') => files.reduce((a, s) => a + s[k], 0);
    const totals = { files: files.length, failed: errors.length, lines: sum('lines'), events: sum('events'), rejects: sum('rejects'), skipped: sum('skipped'), intel_hits: sum('intel_hits') };
    if (ctx.positionals.length > 1) {
      text.push(`total: ${totals.files} files ingested${totals.failed ? `, ${totals.failed} failed` : ''}: ${totals.events} events, ${totals.rejects} rejected, ${totals.skipped} skipped, ${totals.intel_hits} intel hits`);
    }
    ctx.emit({ files, errors, totals }, () => text.join('\n'));
    return errors.length ? 2 : 0;
  },
};
