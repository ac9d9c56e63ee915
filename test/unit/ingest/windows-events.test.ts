// The Windows event log parser: the three JSON shapes (NXLog/Logstash as in the OTRF sets, Winlogbeat/ECS,
// evtx_dump) read into the same canonical events; machine accounts and unmapped ids skipped and counted.
import { describe, expect, it } from 'vitest';
import { PipelineEvent, Rejection, SKIP } from '../../../src-main/engine/ingest/parsers/types';
import { WindowsEventParser } from '../../../src-main/engine/ingest/parsers/windows-events';

const TS = '2026-05-21T09:00:00.000Z';
const T = Date.parse(TS);
const nxlog = (id: number, channel: string, data: Record<string, unknown>) => JSON.stringify({ '@timestamp': TS, EventID: id, Channel: channel, Hostname: 'WS01.corp.example', ...data });
const winlogbeat = (id: number, channel: string, data: Record<string, unknown>) => JSON.stringify({ '@timestamp': TS, event: { code: String(id) }, winlog: { event_id: String(id), channel, computer_name: 'WS01.corp.example', event_data: data } });
const evtx = (id: number, channel: string, data: Record<string, unknown>) => JSON.stringify({ Event: { System: { EventID: id, Channel: channel, Computer: 'WS01.corp.example', TimeCreated: { '#attributes': { SystemTime: '2026-05-21T09:00:00.123456Z' } } }, EventData: data } });

function parse(line: string): PipelineEvent {
  const r = new WindowsEventParser().parse(line);
  if (!(r instanceof PipelineEvent)) throw new Error('not an event');
  return r;
}

describe('Windows event logs', () => {
  const logon = { TargetUserName: 'pgustavo', TargetDomainName: 'THESHIRE', LogonType: '3', IpAddress: '::ffff:172.18.39.5', IpPort: '62782', AuthenticationPackageName: 'Kerberos', LogonProcessName: 'Kerberos ' };

  it.each([['nxlog', nxlog], ['winlogbeat', winlogbeat], ['evtx_dump', evtx]])('reads a network logon (4624) in the %s shape', (_name, shape) => {
    const ev = parse(shape(4624, 'Security', logon));
    expect(ev).toMatchObject({ kind: 'auth', user_id: 'pgustavo', outcome: 'success', logon_type: 3, src_ip: '172.18.39.5', src_port: 62782, method: 'kerberos', process: 'kerberos', event_code: 4624, host_name: 'ws01.corp.example' });
    expect(ev.ts === T || ev.ts === T + 123).toBe(true);
  });

  it('maps process creation, LSASS access, services, shares, scripts, connections and DNS', () => {
    expect(parse(nxlog(1, 'Microsoft-Windows-Sysmon/Operational', { Image: 'C:\\Windows\\System32\\rundll32.exe', ParentImage: 'C:\\Windows\\explorer.exe', CommandLine: 'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\out.dmp full', User: 'CORP\\alice', Hashes: 'SHA1=AAAA,SHA256=8B5AC1F0E1B6A6B3A9F6B6B5A1A0E4C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8' })))
      .toMatchObject({ kind: 'process', process: 'rundll32.exe', parent_process: 'C:\\Windows\\explorer.exe', user_id: 'alice', hash: '8b5ac1f0e1b6a6b3a9f6b6b5a1a0e4c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8' });
    expect(parse(winlogbeat(10, 'Microsoft-Windows-Sysmon/Operational', { SourceImage: 'C:\\Tools\\x.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1FFFFF', CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\dbgcore.dll+6b8b' })))
      .toMatchObject({ kind: 'process_access', process: 'x.exe', target_process: 'C:\\Windows\\system32\\lsass.exe', granted_access: '0x1fffff', method: 'open_process' });
    expect(parse(evtx(7045, 'System', { ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe', AccountName: 'LocalSystem' })))
      .toMatchObject({ kind: 'service_install', service_name: 'PSEXESVC', path: '%SystemRoot%\\PSEXESVC.exe', method: 'service', user_id: undefined });
    expect(parse(nxlog(5145, 'security', { ShareName: '\\\\*\\ADMIN$', RelativeTargetName: 'evil.exe', IpAddress: '10.0.0.9', SubjectUserName: 'bob', AccessMask: '0x2' })))
      .toMatchObject({ kind: 'share_access', share_name: '\\\\*\\ADMIN$', path: 'evil.exe', src_ip: '10.0.0.9', user_id: 'bob', granted_access: '0x2' });
    expect(parse(nxlog(4104, 'Microsoft-Windows-PowerShell/Operational', { ScriptBlockText: 'Invoke-Mimikatz -DumpCreds', Path: '' })))
      .toMatchObject({ kind: 'script', command_line: 'Invoke-Mimikatz -DumpCreds', path: undefined });
    expect(parse(nxlog(3, 'Microsoft-Windows-Sysmon/Operational', { SourceIp: '172.18.39.5', SourcePort: '50000', DestinationIp: '172.18.39.6', DestinationPort: '5985', Protocol: 'tcp', Initiated: 'true', Image: 'C:\\x\\GruntHTTP.exe' })))
      .toMatchObject({ kind: 'flow', src_ip: '172.18.39.5', dst_ip: '172.18.39.6', dst_port: 5985, proto: 'tcp', method: 'initiated', process: 'grunthttp.exe' });
    expect(parse(winlogbeat(22, 'Microsoft-Windows-Sysmon/Operational', { QueryName: 'Update.Example.com', QueryResults: 'type:  5 edge.example.net;::ffff:203.0.113.7;' })))
      .toMatchObject({ kind: 'dns', query: 'update.example.com', answers: ['edge.example.net', '203.0.113.7'] });
  });

  it('skips machine-account logons and unmapped event ids (counted by channel and id), rejects a record without its time', () => {
    const p = new WindowsEventParser();
    expect(p.parse(nxlog(4624, 'Security', { ...logon, TargetUserName: 'WORKSTATION6$' }))).toBe(SKIP);
    expect(p.parse(nxlog(4658, 'Security', {}))).toBe(SKIP);
    expect(p.parse(nxlog(4658, 'Security', {}))).toBe(SKIP);
    expect(p.skipNotes()).toEqual(['3 Windows records skipped: event ids without a canonical mapping (security 4658 (2), security 4624 (1))']);
    const noTime = JSON.stringify({ EventID: 4624, Channel: 'Security', ...logon });
    expect(() => p.parse(noTime)).toThrow(Rejection);
    try {
      p.parse(noTime);
    } catch (e) {
      expect((e as Rejection).reason).toBe("missing required field 'EventTime'");
    }
  });
});
