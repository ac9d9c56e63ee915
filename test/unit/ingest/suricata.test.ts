// Suricata EVE JSON on the real Slips test6 capture: flow, dns, alert, http, tls and fileinfo records, the rest skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actor, count, openEngine, securityLogs } from './helpers';

const EVE = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');

describe('Suricata EVE JSON', () => {
  it('ingests test6: flow 3,512, alert 745, dns 680, http 56, fileinfo 3, tls 1 as in its PROVENANCE; anomaly records are skipped, not rejected', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(EVE, { actor });
    expect(s).toMatchObject({ format: 'suricata_eve', status: 'ingested', lines: 5000, events: 3512 + 745 + 680 + 56 + 3 + 1, rejects: 0, skipped: 3 });
    expect(Object.fromEntries((engine.db.prepare('SELECT kind, COUNT(*) AS n FROM events GROUP BY kind').all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n])))
      .toEqual({ flow: 3512, alert: 745, dns: 680, http: 56, file: 3, tls: 1 });
    expect(s.notes).toContain("3 Suricata 'anomaly' records skipped: only flow, dns, alert, http, tls and fileinfo are ingested");
    const tls = engine.db.prepare("SELECT detail FROM events WHERE kind = 'tls'").pluck().get() as string;
    expect(JSON.parse(tls)).toMatchObject({ server_name: 'www.myedimax.com', ja3: 'b7202231ff2db28363c109cedc6d1642', cert_subject: 'OU=Domain Control Validated, CN=www.myedimax.com', cert_issuer: 'C=BE, O=GlobalSign nv-sa, CN=AlphaSSL CA - SHA256 - G2', cert_not_before: Date.UTC(2020, 2, 19, 9, 44, 8) });
    const http = JSON.parse(engine.db.prepare("SELECT detail FROM events WHERE kind = 'http' ORDER BY ts LIMIT 1").pluck().get() as string);
    expect(http).toMatchObject({ host: '147.32.82.197', url: '/', http_method: 'GET' });
    engine.close();
  });

  it('maps alert signatures and severities, DNS answers, and flow byte counts, start time and duration', async () => {
    const engine = openEngine();
    await engine.ingest.ingestFile(EVE, { actor });
    const records = readFileSync(EVE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const mssql = records.filter((r) => r.event_type === 'alert' && r.alert.signature === 'ET SCAN Suspicious inbound to MSSQL port 1433').length;
    expect(mssql).toBeGreaterThan(0);
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE kind = 'alert' AND json_extract(detail, '$.signature') = 'ET SCAN Suspicious inbound to MSSQL port 1433' AND dst_port = 1433")).toBe(mssql);
    const alert = records.find((r) => r.event_type === 'alert')!;
    expect(engine.db.prepare("SELECT src_ip, dst_ip, dst_port, proto, ts, json_extract(detail, '$.alert_severity') AS sev FROM events WHERE kind = 'alert' ORDER BY id LIMIT 1").get())
      .toEqual({ src_ip: alert.src_ip, dst_ip: alert.dest_ip, dst_port: alert.dest_port, proto: 'tcp', ts: Date.parse(alert.timestamp), sev: alert.alert.severity });

    const answer = records.find((r) => r.event_type === 'dns' && r.dns.type === 'answer' && r.dns.rrname === 'www.myedimax.com')!;
    const row = engine.db.prepare("SELECT answers FROM events WHERE kind = 'dns' AND domain = 'www.myedimax.com' AND ts = ? AND answers IS NOT NULL").pluck().get(Date.parse(answer.timestamp)) as string;
    expect(JSON.parse(row)).toEqual(['ddns.myedimax.com', 'ns.myedimax.com', '122.248.252.67']);

    const flow = records.find((r) => r.event_type === 'flow' && r.flow.bytes_toclient > 0 && r.flow.end)!;
    const f = engine.db.prepare("SELECT ts, bytes_out, bytes_in, detail FROM events WHERE kind = 'flow' AND src_ip = ? AND src_port = ? AND dst_port = ?").get(flow.src_ip, flow.src_port, flow.dest_port) as Record<string, unknown>;
    expect(f).toMatchObject({ ts: Date.parse(flow.flow.start), bytes_out: flow.flow.bytes_toserver, bytes_in: flow.flow.bytes_toclient });
    expect(JSON.parse(f.detail as string)).toEqual({ duration_ms: Date.parse(flow.flow.end) - Date.parse(flow.flow.start), conn_state: flow.flow.state });
    engine.close();
  });
});
