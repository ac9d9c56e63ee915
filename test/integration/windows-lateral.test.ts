// Windows host telemetry of the five OTRF lateral-movement sets through the real ingest path: each
// set is read (NXLog/Logstash JSON), attributed by host name, and raises the anomaly of its technique
// naming the target and the source host, with ATT&CK ids from the set's own metadata.
import { writeFileSync } from 'node:fs';
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

/** Writes Windows records (NXLog/Logstash shape) as a file of their own and ingests it. */
async function ingestRecords(engine: Engine, records: Record<string, unknown>[]) {
  const file = join(tempDir(), 'windows.json');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  return engine.ingest.ingestFile(file, { actor });
}
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

describe('credential access in Sysmon and Security events', () => {
  it('an LSASS dump (comsvcs MiniDump, dbghelp call trace, dump file) is a critical credential-access anomaly', async () => {
    const engine = openEngine();
    try {
      await ingestRecords(engine, [
        { '@timestamp': '2026-05-21T09:00:00.000Z', EventID: 1, Channel: SYSMON, Hostname: 'WS07.corp.example', Image: 'C:\\Windows\\System32\\rundll32.exe', ParentImage: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 652 C:\\Windows\\Temp\\l.dmp full', User: 'CORP\\mallory' },
        { '@timestamp': '2026-05-21T09:00:01.000Z', EventID: 10, Channel: SYSMON, Hostname: 'WS08.corp.example', SourceImage: 'C:\\Users\\x\\procdump64.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1fffff', CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\dbghelp.dll+1c2b' },
        { '@timestamp': '2026-05-21T09:00:02.000Z', EventID: 11, Channel: SYSMON, Hostname: 'WS09.corp.example', Image: 'C:\\Windows\\System32\\Taskmgr.exe', TargetFilename: 'C:\\Users\\x\\AppData\\Local\\Temp\\lsass.DMP' },
        // Defender reading LSASS is the system protecting itself.
        { '@timestamp': '2026-05-21T09:00:03.000Z', EventID: 10, Channel: SYSMON, Hostname: 'WS10.corp.example', SourceImage: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18\\MsMpEng.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1410' },
      ]);
      const cred = anomalies(engine).filter((a) => a.type === 'credential_access').sort((a, b) => a.entity_id.localeCompare(b.entity_id));
      expect(cred.map((a) => [a.entity_id, a.severity, a.evidence.attack_techniques])).toEqual([
        ['ws07.corp.example', 'critical', ['T1003.001']], ['ws08.corp.example', 'critical', ['T1003.001']], ['ws09.corp.example', 'critical', ['T1003.001']],
      ]);
      expect(cred[0].description).toBe('LSASS MiniDump through comsvcs.dll on Host ws07.corp.example as mallory (T1003.001): C:\\Windows\\System32\\rundll32.exe: rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 652 C:\\Windows\\Temp\\l.dmp full (Sysmon 1)');
      expect(cred[1].description).toMatch(/^LSASS memory dump on Host ws08\.corp\.example \(T1003\.001\): C:\\Users\\x\\procdump64\.exe opened C:\\Windows\\system32\\lsass\.exe with access 0x1fffff through MiniDumpWriteDump \(Sysmon 10\)$/);
      expect(cred[2].description).toMatch(/^An LSASS dump file written .*taskmgr\.exe wrote C:\\Users\\x\\AppData\\Local\\Temp\\lsass\.DMP \(Sysmon 11\)$/);
      expect(cred.every((a) => a.recommended_action === 'isolate')).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('an over-pass-the-hash logon (type 9 through seclogo) is a high finding; an ordinary interactive logon is nothing', async () => {
    const engine = openEngine();
    try {
      await ingestRecords(engine, [
        { '@timestamp': '2026-05-21T09:00:00.000Z', EventID: 4624, Channel: 'Security', Hostname: 'WS07.corp.example', TargetUserName: 'mallory', LogonType: '9', LogonProcessName: 'seclogo', AuthenticationPackageName: 'Negotiate' },
        { '@timestamp': '2026-05-21T09:00:05.000Z', EventID: 4624, Channel: 'Security', Hostname: 'WS08.corp.example', TargetUserName: 'alice', LogonType: '2', LogonProcessName: 'User32', AuthenticationPackageName: 'Negotiate' },
      ]);
      const found = anomalies(engine).filter((a) => a.type === 'credential_access');
      expect(found.map((a) => [a.entity_id, a.severity, a.evidence.attack_techniques])).toEqual([['ws07.corp.example', 'high', ['T1550.002']]]);
    } finally {
      engine.close();
    }
  });
});

describe('lateral movement across hosts', () => {
  it('one source reaching two hosts by service creation and WMI is one incident naming both', async () => {
    const engine = openEngine();
    try {
      await ingestSet(engine, 'empire_psexec_dcerpc_tcp_svcctl');
      // Minutes later the same source runs a process through WMI on a second workstation.
      await ingestRecords(engine, [
        { '@timestamp': '2020-09-20T16:20:00.000Z', EventID: 4624, Channel: 'Security', Hostname: 'WORKSTATION7.theshire.local', TargetUserName: 'pgustavo', LogonType: '3', IpAddress: W5_IP, AuthenticationPackageName: 'Kerberos', LogonProcessName: 'Kerberos' },
        { '@timestamp': '2020-09-20T16:20:01.000Z', EventID: 1, Channel: SYSMON, Hostname: 'WORKSTATION7.theshire.local', Image: 'C:\\Windows\\System32\\cmd.exe', ParentImage: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', CommandLine: 'cmd.exe /c whoami' },
      ]);
      const remote = anomalies(engine).filter((a) => a.type === 'remote_execution');
      expect(remote.map((a) => a.entity_id).sort()).toEqual([W6, 'workstation7.theshire.local']);
      expect(new Set(remote.map((a) => a.incident_id)).size).toBe(1);
      const incident = engine.incidents.get(remote[0].incident_id!);
      expect(incident.entities.map((e) => e.entity_id)).toEqual(expect.arrayContaining([W6, 'workstation7.theshire.local']));
    } finally {
      engine.close();
    }
  });
});

describe('Windows logons and the user detectors', () => {
  it('only an interactive logon makes a device the user signs in on: network logons to a file server are not new-device sign-ins', async () => {
    const engine = openEngine();
    try {
      const day = (d: number) => new Date(Date.UTC(2026, 4, 1 + d, 9)).toISOString();
      const logon = (d: number, host: string, type: string) => ({ '@timestamp': day(d), EventID: 4624, Channel: 'Security', Hostname: host, TargetUserName: 'alice', LogonType: type, AuthenticationPackageName: 'Kerberos', LogonProcessName: 'User32' });
      await ingestRecords(engine, [logon(0, 'WS01.corp.example', '2'), logon(8, 'WS01.corp.example', '2'), logon(9, 'FILESRV.corp.example', '3'), logon(9, 'WS02.corp.example', '10')]);
      const found = anomalies(engine).filter((a) => a.type === 'new_device_login');
      expect(found.map((a) => a.evidence.device)).toEqual(['ws02.corp.example']);
    } finally {
      engine.close();
    }
  });
});
