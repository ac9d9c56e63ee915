// new_admin_logon_source through the real ingest path: constructed NXLog/Logstash JSON logons (the OTRF
// shape) over ten days, and the five OTRF lateral-movement host sets, which span minutes and so stay
// inside every account's learning period (no finding on day-one logs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const HOST = join(securityLogs, 'otrf-security-datasets/atomic/windows/lateral_movement/host');
const SETS = ['empire_psexec_dcerpc_tcp_svcctl', 'covenant_sharpwmi_create_dcerpc_wmi', 'empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod', 'covenant_psremoting_command', 'covenant_copy_smb_CreateRequest'];
const DAY = 86_400_000;
const T0 = Date.parse('2026-05-01T08:00:00.000Z');
const found = (engine: Engine) => engine.anomalies.list({ status: 'all', limit: 200 }).anomalies.filter((a) => a.type === 'new_admin_logon_source');

function line(ts: number, id: number, data: Record<string, unknown>, host = 'FS01.corp.example'): string {
  return JSON.stringify({ '@timestamp': new Date(ts).toISOString(), EventID: id, Channel: 'Security', Hostname: host, ...data });
}
const logon = (ts: number, user: string, ip: string, type = 3) => line(ts, 4624, { TargetUserName: user, TargetDomainName: 'CORP', LogonType: String(type), IpAddress: ip, IpPort: '50000', AuthenticationPackageName: 'Kerberos' });
const privileges = (ts: number, user: string) => line(ts, 4672, { SubjectUserName: user, SubjectDomainName: 'CORP', PrivilegeList: 'SeDebugPrivilege' });

async function ingest(engine: Engine, lines: string[]) {
  const file = join(tempDir(), 'security.json');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const summary = await engine.ingest.ingestFile(file, { actor });
  expect(summary.format).toBe('windows_events');
  expect(summary.rejects).toBe(0);
  return summary;
}

/** Ten days of ordinary logons: the admin from the jump host, a user (never privileged) from her PC. */
function routine(): string[] {
  const out: string[] = [];
  for (let d = 0; d < 10; d++) {
    const t = T0 + d * DAY;
    out.push(logon(t, 'adm_joe', '10.0.0.5'), privileges(t, 'adm_joe'), logon(t + 60_000, 'alice', '10.0.1.20'));
  }
  return out;
}

describe('new admin logons from unusual sources', () => {
  it('reports a privileged network logon from a source the admin account has not used, after its learning period', async () => {
    const engine = openEngine();
    try {
      const t = T0 + 10 * DAY;
      await ingest(engine, [...routine(), logon(t, 'adm_joe', '10.0.2.77'), privileges(t, 'adm_joe'), logon(t + 1000, 'adm_joe', '10.0.0.5'), privileges(t + 1000, 'adm_joe')]);
      const hits = found(engine);
      expect(hits).toHaveLength(1);
      expect(hits[0]).toMatchObject({ entity_id: 'fs01.corp.example', severity: 'medium', recommended_action: 'investigate', observed_destinations: ['10.0.2.77'], detected_at: new Date(t).toISOString() });
      expect(hits[0].description).toBe('Privileged network logon (T1078, T1021) of adm_joe on Host fs01.corp.example from 10.0.2.77, a source this account has not used before (usual: 10.0.0.5) (Security 4624 type 3, Security 4672)');
      expect(hits[0].evidence).toMatchObject({ attack_techniques: ['T1078', 'T1021'], account: 'adm_joe', source_ip: '10.0.2.77', usual_sources: ['10.0.0.5'] });
    } finally {
      engine.close();
    }
  });

  it('judges a known admin account over RDP without a 4672 (high), but not an unprivileged user from a new source', async () => {
    const engine = openEngine();
    try {
      const t = T0 + 10 * DAY;
      await ingest(engine, [...routine(), logon(t, 'adm_joe', '10.0.3.9', 10), logon(t + 5000, 'alice', '10.0.3.9')]);
      const hits = found(engine);
      expect(hits.map((a) => [a.evidence.account, a.severity, a.evidence.attack_techniques])).toEqual([['adm_joe', 'high', ['T1078', 'T1021.001']]]);
      expect(hits[0].description).toContain('Privileged RDP logon (T1078, T1021.001) of adm_joe');
      expect(hits[0].description).toContain('(Security 4624 type 10)');
    } finally {
      engine.close();
    }
  });

  it('carries what it learned into a second engine on the same database (a second CLI ingest)', async () => {
    const dir = tempDir();
    const first = openEngine(dir);
    try {
      await ingest(first, routine());
      expect(found(first)).toEqual([]);
    } finally {
      first.close();
    }
    const second = openEngine(dir);
    try {
      const t = T0 + 10 * DAY;
      await ingest(second, [logon(t, 'adm_joe', '10.0.0.5'), privileges(t, 'adm_joe'), logon(t + 60_000, 'adm_joe', '10.0.2.77'), privileges(t + 60_000, 'adm_joe'), logon(t + 120_000, 'alice', '10.0.1.20')]);
      const hits = found(second);
      expect(hits.map((a) => [a.evidence.account, a.evidence.source_ip, a.evidence.usual_sources])).toEqual([['adm_joe', '10.0.2.77', ['10.0.0.5']]]);
      expect(hits[0].detected_at).toBe(new Date(t + 60_000).toISOString());
    } finally {
      second.close();
    }
  });

  it('stays silent within the learning period', async () => {
    const engine = openEngine();
    try {
      const t = T0 + 3 * DAY;
      await ingest(engine, [...routine().slice(0, 9), logon(t, 'adm_joe', '10.0.2.77'), privileges(t, 'adm_joe')]);
      expect(found(engine)).toEqual([]);
    } finally {
      engine.close();
    }
  });

  it('raises nothing on the OTRF lateral-movement sets (minutes of logs: every account still learning)', async () => {
    const engine = openEngine();
    try {
      for (const name of SETS) {
        const [file] = unzip(join(HOST, `${name}.zip`), tempDir());
        await engine.ingest.ingestFile(file, { actor });
      }
      expect(found(engine)).toEqual([]);
      expect(engine.anomalies.list({ status: 'all', limit: 200 }).anomalies.some((a) => a.type === 'remote_execution')).toBe(true);
    } finally {
      engine.close();
    }
  });
});
