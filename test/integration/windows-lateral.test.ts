// Windows host telemetry of the five OTRF lateral-movement sets through the real ingest path: each
// set is read (NXLog/Logstash JSON), attributed by host name, and raises the anomaly of its technique
// naming the target and the source host, with ATT&CK ids from the set's own metadata.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const HOST = join(securityLogs, 'otrf-security-datasets/atomic/windows/lateral_movement/host');
const anomalies = (engine: Engine) => engine.anomalies.list({ status: 'all', limit: 200 }).anomalies;

async function ingestSet(engine: Engine, name: string) {
  const [file] = unzip(join(HOST, `${name}.zip`), tempDir());
  return engine.ingest.ingestFile(file, { actor });
}

const W6 = 'workstation6.theshire.local';
const W5_IP = '172.18.39.5';

describe('Windows lateral movement (OTRF host sets)', () => {
  it.each([
    ['empire_psexec_dcerpc_tcp_svcctl', /^Remote service creation running a command \(PsExec\/SMBExec-style\) \(T1021\.002, T1569\.002\) on Host workstation6\.theshire\.local from workstation5\.theshire\.local \(172\.18\.39\.5\) as pgustavo: service 'Updater' runs '%COMSPEC% \/C start \/b/, 'T1021.002'],
    ['covenant_sharpwmi_create_dcerpc_wmi', /^WMI remote execution \(T1047\) on Host workstation6\.theshire\.local from workstation5\.theshire\.local \(172\.18\.39\.5\) as pgustavo: WmiPrvSE\.exe started C:\\Windows\\System32\\GruntHTTP2\.exe/, 'T1047'],
    ['empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod', /^WMI remote execution \(T1047\) on Host workstation6\.theshire\.local from workstation5\.theshire\.local \(172\.18\.39\.5\) as pgustavo: WmiPrvSE\.exe started C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe/, 'T1047'],
    ['covenant_psremoting_command', /^PowerShell remoting session \(T1021\.006\) on Host workstation6\.theshire\.local from workstation5\.theshire\.local \(172\.18\.39\.5\) as pgustavo: WinRM plugin host/, 'T1021.006'],
    ['covenant_copy_smb_CreateRequest', /^SMB copy of an executable to an admin share \(T1021\.002, T1570\) on Host workstation6\.theshire\.local from workstation5\.theshire\.local \(172\.18\.39\.5\) as pgustavo: ProgramData\\GruntHTTP\.exe written to \\\\\*\\C\$ \(Security 5145, Security 4624 type 3/, 'T1021.002'],
  ])('%s: one remote_execution anomaly naming its technique, the target and the source', async (name, description, technique) => {
    const engine = openEngine();
    try {
      const summary = await ingestSet(engine, name);
      expect(summary.format).toBe('windows_events');
      expect(summary.events).toBeGreaterThan(100);
      expect(summary.rejects).toBe(0);
      const remote = anomalies(engine).filter((a) => a.type === 'remote_execution');
      expect(remote.length).toBeGreaterThanOrEqual(1);
      const hit = remote.find((a) => description.test(a.description));
      expect(hit, remote.map((a) => a.description).join('\n')).toBeDefined();
      expect(hit).toMatchObject({ entity_type: 'device', entity_id: W6, severity: 'high', observed_destinations: [W5_IP], recommended_action: 'isolate' });
      expect(hit!.evidence.attack_techniques).toContain(technique);
      // Only the attacked workstation: the domain controller's and the source's routine logs raise nothing of this kind.
      expect(new Set(remote.map((a) => a.entity_id))).toEqual(new Set([W6]));
      // The host is a discovered device named by its host name.
      expect(engine.inventory.isDiscovered(W6)).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('flags the PowerShell-remoting session that opened LSASS with full rights as critical credential access', async () => {
    const engine = openEngine();
    try {
      await ingestSet(engine, 'covenant_psremoting_command');
      const cred = anomalies(engine).filter((a) => a.type === 'credential_access');
      expect(cred.map((a) => [a.entity_id, a.severity])).toEqual([[W6, 'critical']]);
      expect(cred[0].description).toMatch(/^LSASS memory opened for reading on Host workstation6\.theshire\.local \(T1003\.001\): C:\\windows\\system32\\wsmprovhost\.exe opened C:\\windows\\system32\\lsass\.exe with access 0x1410 \(Sysmon 10\)/);
      expect(cred[0].evidence.attack_techniques).toEqual(['T1003.001']);
    } finally {
      engine.close();
    }
  });

  it('raises no credential access on the sets where only system services touch LSASS', async () => {
    const engine = openEngine();
    try {
      for (const name of ['empire_psexec_dcerpc_tcp_svcctl', 'covenant_sharpwmi_create_dcerpc_wmi', 'empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod', 'covenant_copy_smb_CreateRequest']) await ingestSet(engine, name);
      expect(anomalies(engine).filter((a) => a.type === 'credential_access')).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
