// Zeek logs: TSV (real OTRF and Slips captures, labeled Slips columns, '-' and '(empty)') and JSON
// (flat and nested id fields, relative timestamps of the Slips test15 logs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import { actor, count, fixtures, openEngine, securityLogs, tempDir, unzip } from './helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');
const LSASS_05 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump_zeek_logs.zip');
const SLIPS = join(securityLogs, 'stratosphere-slips');
const firstExisting = (...paths: string[]) => paths.find((p) => existsSync(p));
const TEST18_CONN = firstExisting(join(SLIPS, 'test18-malicious-ctu-sme-11-win/conn.log.labeled'), join(SLIPS, 'test18-malicious-ctu-sme-11-win/zeek-labeled/conn.log.labeled'));
const TEST18_DNS = firstExisting(join(SLIPS, 'test18-malicious-ctu-sme-11-win/dns.log.labeled'), join(SLIPS, 'test18-malicious-ctu-sme-11-win/zeek-labeled/dns.log.labeled'));
const TEST15_CONN = firstExisting(join(SLIPS, 'test15-malicious-zeek-dir/conn.log'));

/** The data rows of a Zeek TSV log as field maps, read naively: the independent count the tests compare with. */
function zeekRows(path: string): Record<string, string>[] {
  let fields: string[] = [];
  const rows: Record<string, string>[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('#fields')) fields = line.split('\t').slice(1);
    else if (line && !line.startsWith('#')) rows.push(Object.fromEntries(line.split('\t').map((v, i) => [fields[i], v])));
  }
  return rows;
}

describe('Zeek TSV logs', () => {
  it('ingests the OTRF LSASS campaign 01 conn and dns logs exactly, skipping the other Zeek logs with a note', async () => {
    const files = unzip(LSASS_01, tempDir());
    const engine = openEngine();
    const byName = Object.fromEntries(files.map((f) => [f.split('/').pop()!, f]));
    const conn = await engine.ingest.ingestFile(byName['conn.log'], { actor });
    const connRows = zeekRows(byName['conn.log']);
    expect(conn).toMatchObject({ format: 'zeek_tsv', status: 'ingested', events: connRows.length, rejects: 0, skipped: 0 });
    expect(connRows.length).toBe(112);
    // The Meterpreter C2 channel to 10.0.5.13: every row of it is there with its ports.
    for (const port of ['80', '8080']) {
      const expected = connRows.filter((r) => r['id.resp_h'] === '10.0.5.13' && r['id.resp_p'] === port).length;
      expect(expected).toBeGreaterThan(0);
      expect(count(engine, "SELECT COUNT(*) FROM events WHERE kind = 'flow' AND dst_ip = '10.0.5.13' AND dst_port = ?", Number(port))).toBe(expected);
    }
    const big = connRows.find((r) => r.resp_bytes === '504788')!;
    const row = engine.db.prepare('SELECT * FROM events WHERE bytes_in = 504788').get() as Record<string, unknown>;
    expect(row).toMatchObject({ src_ip: big['id.orig_h'], dst_port: 8080, proto: 'tcp', bytes_out: 0, ts: Math.round(Number(big.ts) * 1000) });
    expect(JSON.parse(row.detail as string)).toEqual({ duration_ms: 199811.142, conn_state: 'OTH' });

    const dns = await engine.ingest.ingestFile(byName['dns.log'], { actor });
    const dnsRows = zeekRows(byName['dns.log']);
    expect(dns).toMatchObject({ format: 'zeek_tsv', events: dnsRows.length, rejects: 0 });
    const withQuery = dnsRows.filter((r) => r.query !== '-');
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE kind = 'dns' AND domain IS NOT NULL")).toBe(withQuery.length);
    const answered = withQuery.find((r) => r.answers !== '-' && r.answers !== '(empty)')!;
    const stored = engine.db.prepare("SELECT answers FROM events WHERE kind = 'dns' AND domain = ? AND answers IS NOT NULL LIMIT 1").pluck().get(answered.query.toLowerCase()) as string;
    expect(JSON.parse(stored)).toEqual(answered.answers.split(','));

    const ssl = await engine.ingest.ingestFile(byName['ssl.log'], { actor });
    expect(ssl).toMatchObject({ events: zeekRows(byName['ssl.log']).length, rejects: 0, skipped: 0 });
    const x509 = await engine.ingest.ingestFile(byName['x509.log'], { actor });
    expect(x509).toMatchObject({ events: zeekRows(byName['x509.log']).length, rejects: 0, skipped: 0 });
    const pe = await engine.ingest.ingestFile(byName['pe.log'], { actor });
    expect(pe).toMatchObject({ events: 0, rejects: 0, skipped: zeekRows(byName['pe.log']).length });
    expect(pe.notes).toEqual(["Zeek 'pe' log lines skipped: conn, dns, http, ssl, files, notice and x509 logs are ingested"]);
    // The Meterpreter stage: an executable (application/x-dosexec) fetched over plain HTTP, in http.log and files.log.
    const http = await engine.ingest.ingestFile(byName['http.log'], { actor });
    const filesLog = await engine.ingest.ingestFile(byName['files.log'], { actor });
    expect(http).toMatchObject({ events: zeekRows(byName['http.log']).length, rejects: 0 });
    expect(filesLog).toMatchObject({ events: zeekRows(byName['files.log']).length, rejects: 0 });
    const exe = engine.db.prepare("SELECT kind, src_ip, dst_ip, dst_port, detail FROM events WHERE detail LIKE '%x-dosexec%' ORDER BY kind").all() as { kind: string; src_ip: string; dst_ip: string; dst_port: number; detail: string }[];
    expect(exe.map((r) => [r.kind, r.src_ip, r.dst_ip, r.dst_port])).toEqual([['file', '192.168.1.41', '10.0.5.13', 80], ['http', '192.168.1.41', '10.0.5.13', 80]]);
    engine.close();
  });

  it.skipIf(!existsSync(LSASS_05))('ingests the OTRF LSASS campaign 05 conn log with its C2 to 10.0.5.14:80 and :6666', async () => {
    const conn = unzip(LSASS_05, tempDir()).find((f) => f.endsWith('conn.log'))!;
    const engine = openEngine();
    const rows = zeekRows(conn);
    expect(rows.length).toBe(895);
    expect(await engine.ingest.ingestFile(conn, { actor })).toMatchObject({ events: 895, rejects: 0 });
    for (const port of [80, 6666]) {
      const expected = rows.filter((r) => r['id.resp_h'] === '10.0.5.14' && r['id.resp_p'] === String(port)).length;
      expect(expected).toBeGreaterThan(0);
      expect(count(engine, "SELECT COUNT(*) FROM events WHERE dst_ip = '10.0.5.14' AND dst_port = ?", port)).toBe(expected);
    }
    engine.close();
  });

  it.skipIf(!TEST18_CONN)('ingests the Slips test18 labeled conn log: 766 flows with the RemcosRAT beaconing 192.168.1.107 → 66.63.168.35:5888', async () => {
    const engine = openEngine();
    engine.audit.record(actor, 'inventory.import', {}, () =>
      engine.inventory.upsertDevice({ device_id: 'win7-sme11', device_type: 'workstation', firmware_status: 'current', trust_level: 'verified', ip_addresses: ['192.168.1.107'] } as never));
    const s = await engine.ingest.ingestFile(TEST18_CONN!, { actor });
    expect(s).toMatchObject({ format: 'zeek_tsv', events: 766, rejects: 0, skipped: 0 });
    const rows = zeekRows(TEST18_CONN!);
    const beacons = rows.filter((r) => r['id.orig_h'] === '192.168.1.107' && r['id.resp_h'] === '66.63.168.35' && r['id.resp_p'] === '5888');
    expect(rows.filter((r) => r.detailedlabel?.includes('RemcosRAT')).length).toBe(719);
    expect(beacons.length).toBeGreaterThan(700);
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE src_ip = '192.168.1.107' AND dst_ip = '66.63.168.35' AND dst_port = 5888")).toBe(beacons.length);
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE dst_ip = '66.63.168.35' AND entity_id = 'win7-sme11'")).toBe(beacons.length);
    const rej = beacons.filter((r) => r.conn_state === 'REJ').length;
    expect(count(engine, `SELECT COUNT(*) FROM events WHERE dst_ip = '66.63.168.35' AND json_extract(detail, '$.conn_state') = 'REJ'`)).toBe(rej);
    const lastTs = Math.max(...rows.filter((r) => r['id.orig_h'] === '192.168.1.107' || r['id.resp_h'] === '192.168.1.107').map((r) => Math.round(Number(r.ts) * 1000)));
    expect(engine.inventory.getDevice('win7-sme11')!.last_seen).toBe(new Date(lastTs).toISOString());
    engine.close();
  });

  it.skipIf(!TEST18_DNS)('ingests the Slips test18 labeled dns log', async () => {
    const engine = openEngine();
    const rows = zeekRows(TEST18_DNS!);
    expect(await engine.ingest.ingestFile(TEST18_DNS!, { actor })).toMatchObject({ events: rows.length, rejects: 0 });
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE domain = 'nwin3'")).toBe(rows.filter((r) => r.query === 'nwin3').length);
    engine.close();
  });

  it('tolerates Slips label columns, (empty) and - values, #close; rejects bad rows by line with the reason and keeps the rest', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(join(fixtures, 'zeek-conn-labeled.log'), { actor });
    expect(s).toMatchObject({ format: 'zeek_tsv', lines: 19, events: 7, rejects: 3, skipped: 0 });
    const { rejects } = engine.ingest.listRejects({ source_id: s.source_id, limit: 10, offset: 0 });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [15, "line 15: id.resp_h '999.1.1.1' is not an IP address"],
      [16, 'line 16: expected 23 fields (per #fields), found 4'],
      [17, "line 17: field 'ts' is not a timestamp: 'abc'"],
    ]);
    expect(rejects[0].excerpt).toContain('Cfix6');
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE dst_ip = '203.0.113.66' AND dst_port = 5888 AND json_extract(detail, '$.conn_state') = 'REJ'")).toBe(6);
    const last = engine.db.prepare("SELECT * FROM events WHERE src_ip = '10.1.0.6'").get() as Record<string, unknown>;
    expect(last).toMatchObject({ ts: 1779354012250, bytes_out: 512, bytes_in: 2048, dst_port: 80 });
    engine.close();
  });

  it('maps dns.log queries (lowercased, root dot dropped), answer sets, (empty) answers and query-less failures', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(join(fixtures, 'zeek-dns.log'), { actor });
    expect(s).toMatchObject({ events: 3, rejects: 0 });
    const rows = engine.db.prepare("SELECT domain, answers, json_extract(detail, '$.rcode') AS rcode FROM events ORDER BY ts").all();
    expect(rows).toEqual([
      { domain: 'c2.example.net', answers: '["203.0.113.66","203.0.113.67"]', rcode: 'NOERROR' },
      { domain: 'empty.example.net', answers: null, rcode: 'NOERROR' },
      { domain: null, answers: null, rcode: 'SERVFAIL' },
    ]);
    engine.close();
  });
});

describe('Zeek JSON logs', () => {
  it('reads flat and nested id fields and ISO or epoch ts; rejects relative ts with a reason; reads ssl records', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(join(fixtures, 'zeek-json-conn.log'), { actor });
    expect(s).toMatchObject({ format: 'zeek_json', lines: 5, events: 3, rejects: 2, skipped: 0 });
    const { rejects } = engine.ingest.listRejects({ source_id: s.source_id, limit: 10, offset: 0 });
    expect(rejects[0].reason).toBe("line 2: field 'ts' is 279.103822: a relative time (seconds since the capture started), not an absolute timestamp; ingest with --time-base ISO to anchor such logs");
    expect(rejects[1].reason).toMatch(/^line 5: invalid JSON: /);
    expect(engine.db.prepare("SELECT kind, src_ip, domain, answers, ts FROM events ORDER BY ts").all()).toEqual([
      { kind: 'flow', src_ip: '10.1.0.5', domain: null, answers: null, ts: 1779354000500 },
      { kind: 'dns', src_ip: '10.1.0.6', domain: 'mail.example.org', answers: '["mx1.example.org"]', ts: 1779354002000 },
      { kind: 'tls', src_ip: '10.1.0.5', domain: null, answers: null, ts: 1779354003000 },
    ]);
    engine.close();
  });

  it('anchors relative timestamps at --time-base when given', async () => {
    const engine = openEngine();
    const base = Date.UTC(2026, 4, 1);
    const s = await engine.ingest.ingestFile(join(fixtures, 'zeek-json-conn.log'), { actor, timeBase: base });
    expect(s).toMatchObject({ events: 4, rejects: 1 });
    expect(count(engine, "SELECT ts FROM events WHERE src_ip = '10.0.2.15'")).toBe(base + 279104);
    engine.close();
  });

  it.skipIf(!TEST15_CONN)('refuses the relative timestamps of the Slips test15 Zeek JSON conn log, naming the field and value', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(TEST15_CONN!, { actor });
    const lines = readFileSync(TEST15_CONN!, 'utf8').trim().split('\n').length;
    expect(s).toMatchObject({ format: 'zeek_json', events: 0, rejects: lines });
    expect(engine.ingest.listRejects({ limit: 1, offset: 0 }).rejects[0].reason).toMatch(/^line 1: field 'ts' is 279\.103822: a relative time/);
    engine.close();
  });
});

describe('Zeek resume', () => {
  it('rebuilds the #fields header when resuming a TSV log after its last committed batch', async () => {
    const header = readFileSync(join(fixtures, 'zeek-conn-labeled.log'), 'utf8').split('\n').slice(0, 8);
    const n = BATCH_EVENTS + 1234;
    const rows = Array.from({ length: n }, (_, i) =>
      ['1779354000.000000', `C${i}`, '10.1.0.5', String(1024 + (i % 60000)), '203.0.113.9', '443', 'tcp', '-', '0.5', String(i), '10', 'SF', 'T', 'F', '0', 'ShAD', '1', '1', '1', '1', '-', 'Benign', 'x'].join('\t'));
    const file = join(tempDir(), 'big-conn.log');
    writeFileSync(file, `${[...header, ...rows].join('\n')}\n#close\t2026-05-21-10-00-00\n`);
    const engine = openEngine();
    let batches = 0;
    const stop = engine.ingest.addObserver({
      onBatch: () => {
        if (++batches === 2) throw new Error('observer failed');
      },
    });
    await expect(engine.ingest.ingestFile(file, { actor })).rejects.toThrow('observer failed');
    stop();
    expect(engine.ingest.listSources({ limit: 1, offset: 0 }).sources[0]).toMatchObject({ status: 'partial', events: BATCH_EVENTS, lines_done: 8 + BATCH_EVENTS });
    const resumed = await engine.ingest.ingestFile(file, { actor, format: 'canonical' });
    expect(resumed).toMatchObject({ status: 'resumed', format: 'zeek_tsv', events: 1234, rejects: 0, lines: 1234 + 1 });
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(n);
    expect(count(engine, 'SELECT COUNT(DISTINCT bytes_out) FROM events')).toBe(n);
    engine.close();
  });
});
