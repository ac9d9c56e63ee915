// `threatmatic ingest`: per-file and total summaries, rejects said, JSON progress on stderr and the
// summary on stdout, exit 2 naming the file that cannot be read or whose format is unknown.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { fixtures, securityLogs, tempDir } from './helpers';

function io(): { value: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { value: { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} }, out: () => out.join(''), err: () => err.join('') };
}

describe('threatmatic ingest', () => {
  it('ingests several files, says each one with its rejects, then the totals; a second run adds nothing', async () => {
    const dir = tempDir();
    const files = [join(fixtures, 'zeek-conn-labeled.log'), join(fixtures, 'ocsf-dns.jsonl')];
    const a = io();
    expect(await runCli(['ingest', ...files, '--data-dir', dir], a.value)).toBe(0);
    expect(a.out()).toContain(`${files[0]}: zeek_tsv, ingested: 7 events, 3 rejected, 0 skipped, 0 intel hits`);
    expect(a.out()).toContain("line 15: id.resp_h '999.1.1.1' is not an IP address");
    expect(a.out()).toContain('all: threatmatic rejects --source 1');
    expect(a.out()).toContain(`${files[1]}: ocsf, ingested: 2 events`);
    expect(a.out()).toContain('total: 2 files ingested: 9 events, 3 rejected, 0 skipped, 0 intel hits');
    const b = io();
    expect(await runCli(['ingest', files[0], '--data-dir', dir], b.value)).toBe(0);
    expect(b.out()).toContain(`${files[0]}: already ingested (source 1, zeek_tsv): 0 new events`);
  });

  it('with --json prints progress lines on stderr and one summary object on stdout', async () => {
    const dir = tempDir();
    const eve = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');
    const a = io();
    expect(await runCli(['ingest', eve, '--json', '--data-dir', dir], a.value)).toBe(0);
    const out = JSON.parse(a.out());
    expect(out.totals).toEqual({ files: 1, failed: 0, lines: 5000, events: 4997, rejects: 0, skipped: 3, intel_hits: 0 });
    expect(out.files[0]).toMatchObject({ format: 'suricata_eve', status: 'ingested', events: 4997 });
    const progress = a.err().trim().split('\n').map((l) => JSON.parse(l).progress);
    expect(progress.at(-1)).toMatchObject({ bytes_done: progress.at(-1).bytes_total, events: 4997 });
  });

  it('exits 2 naming the file that is missing or of unknown format, and still ingests the others', async () => {
    const dir = tempDir();
    const odd = join(tempDir(), 'notes.txt');
    writeFileSync(odd, 'hello world\nthis is not telemetry\n');
    const missing = join(dir, 'nope.log');
    const a = io();
    expect(await runCli(['ingest', missing, odd, join(fixtures, 'ocsf-auth.jsonl'), '--data-dir', dir], a.value)).toBe(2);
    expect(a.err()).toContain(`threatmatic ingest: ${missing}: cannot read: no such file`);
    expect(a.err()).toContain(`threatmatic ingest: ${odd}: unknown telemetry format (first line: 'hello world')`);
    expect(a.out()).toContain('ocsf-auth.jsonl: ocsf, ingested: 3 events, 1 rejected');
    expect(a.out()).toContain('total: 1 files ingested, 2 failed');
  });

  it('refuses an unknown --format and a bad --time-base as usage errors', async () => {
    const a = io();
    expect(await runCli(['ingest', 'x.log', '--format', 'pcap', '--data-dir', tempDir()], a.value)).toBe(2);
    expect(a.err()).toContain("--format must be one of canonical, zeek_tsv, zeek_json, ocsf, suricata_eve, squid, proxy_csv, windows_events; got 'pcap'");
    const b = io();
    expect(await runCli(['ingest', 'x.log', '--time-base', 'yesterday', '--data-dir', tempDir()], b.value)).toBe(2);
    expect(b.err()).toContain("--time-base must be an ISO 8601 time; got 'yesterday'");
  });
});
