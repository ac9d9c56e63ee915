// Windows Security, System, Sysmon and PowerShell event logs (NXLog/Logstash, Winlogbeat/ECS and
// evtx_dump JSON, one record a line) to canonical events: logons, process creations, process access,
// service and task installation, share access, script blocks, network connections, DNS, files,
// registry and image loads (the mapping table is in docs/telemetry-schema.md). Every other event id
// is valid Windows telemetry we do not ingest: counted as skipped, by channel and id.
import { canonicalIp } from '../../inventory/ip';
import { hashField, jsonObjectLine, show, timestampField } from './fields';
import { PipelineEvent, SKIP, reject, type LineParser, type ParseResult } from './types';
import { readWindowsRecord, windowsShape, xmlEvent, type WindowsRecord } from './windows-record';

type Obj = Record<string, unknown>;

const SYSMON = 'microsoft-windows-sysmon/operational';
const PS_OPERATIONAL = 'microsoft-windows-powershell/operational';
const TASKS = 'microsoft-windows-taskscheduler/operational';
/** Script blocks and task definitions can be large; detection reads their start. */
const MAX_TEXT = 4096;

const str = (v: unknown): string | undefined => {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t === '-' ? undefined : t;
};
const text = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
};
const int = (v: unknown): number | undefined => {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : Number(s);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};
/** The file name of a Windows path, lowercase (`C:\Windows\System32\lsass.exe` → `lsass.exe`). */
export const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1).toLowerCase();

/** An address a Windows field holds, or undefined for '-', empty, loopback and unparsable values. */
function address(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const ip = canonicalIp(s);
  if (!ip || ip === '::1' || ip.startsWith('127.') || ip === '0.0.0.0' || ip === '::') return undefined;
  return ip;
}

const SERVICE_ACCOUNTS = new Set(['system', 'local service', 'network service', 'anonymous logon', 'local system', 'localsystem', 'localservice', 'networkservice']);

/**
 * The account a field names, without its domain (`THESHIRE\pgustavo`, `pgustavo@THESHIRE.LOCAL` →
 * `pgustavo`); undefined for machine accounts (`WORKSTATION6$`) and the built-in service identities,
 * which are the operating system at work, not a person.
 */
function account(v: unknown): string | undefined {
  let s = str(v);
  if (s === undefined) return undefined;
  const slash = s.lastIndexOf('\\');
  if (slash >= 0) s = s.slice(slash + 1);
  const at = s.indexOf('@');
  if (at > 0) s = s.slice(0, at);
  if (s.endsWith('$') || SERVICE_ACCOUNTS.has(s.toLowerCase()) || /^(dwm|umfd)-\d+$/i.test(s)) return undefined;
  return s;
}

/** Sysmon `Hashes` (`SHA1=...,MD5=...,SHA256=...,IMPHASH=...`): the strongest digest. */
function sysmonHash(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const parts = new Map(s.split(',').map((p) => p.split('=', 2) as [string, string]).map(([k, h]) => [k.trim().toUpperCase(), h?.trim()]));
  const h = parts.get('SHA256') ?? parts.get('SHA1') ?? parts.get('MD5') ?? (/^[0-9a-f]{32,64}$/i.test(s) ? s : undefined);
  return h ? hashField('Hashes', h) : undefined;
}

/** Sysmon 22 `QueryResults`: `type:  5 edge.example.net;::ffff:203.0.113.7;` → names and addresses. */
function dnsResults(v: unknown): string[] | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const out: string[] = [];
  for (const part of s.split(';')) {
    const t = part.replace(/^type:\s+\d+\s+/, '').trim();
    if (!t) continue;
    out.push(canonicalIp(t) ?? t.toLowerCase());
  }
  return out.length ? out : undefined;
}

/** Windows status codes: 0x0 is success, anything else a failure reason. */
const statusOk = (v: unknown) => {
  const n = int(v);
  return n === undefined || n === 0;
};

export class WindowsEventParser implements LineParser {
  private readonly skipped = new Map<string, number>();

  parse(line: string): ParseResult {
    const o = line.trimStart().startsWith('<') ? xmlEvent(line) : jsonObjectLine(line);
    const shape = windowsShape(o);
    if (!shape) return reject(`not a Windows event record: no EventID with Channel (NXLog), winlog.event_id (Winlogbeat) or Event.System.EventID (evtx_dump); got keys ${show(Object.keys(o).slice(0, 6).join(','))}`);
    const r = readWindowsRecord(o, shape);
    const ev = this.map(r);
    if (ev === null) {
      const key = `${r.channel || 'unknown channel'} ${r.eventId}`;
      this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
      return SKIP;
    }
    if (r.time === undefined) reject(`missing required field '${r.timeField}'`);
    ev.ts = timestampField(r.timeField, r.time);
    ev.event_code = r.eventId;
    if (r.computer !== undefined) ev.host_name = r.computer;
    return ev;
  }

  /** The canonical event of a record, or null for an event id we do not ingest. */
  private map(r: WindowsRecord): PipelineEvent | null {
    const d = r.data;
    const id = r.eventId;
    if (r.channel === 'security') {
      switch (id) {
        case 4624: case 4625: return logon(d, id === 4624 ? 'success' : 'failure');
        case 4648: return explicitLogon(d);
        case 4672: return privileges(d);
        case 4768: case 4769: case 4771: return kerberos(d, id);
        case 4776: return ntlmValidation(d);
        case 4688: return processCreate(d.NewProcessName, d.CommandLine, d.ParentProcessName, d.TargetUserName ?? d.SubjectUserName, undefined);
        case 4697: return service(d.ServiceName, d.ServiceFileName, d.SubjectUserName, 'service');
        case 4698: return service(d.TaskName, undefined, d.SubjectUserName, 'scheduled_task', d.TaskContent);
        case 5140: case 5145: return share(d);
      }
      return null;
    }
    if (r.channel === 'system' && id === 7045) return service(d.ServiceName, d.ImagePath, d.AccountName, 'service');
    if (r.channel === SYSMON) return sysmon(id, d);
    if (r.channel === PS_OPERATIONAL && id === 4104) {
      const ev = kind('script');
      ev.command_line = text(d.ScriptBlockText);
      ev.path = str(d.Path);
      return ev.command_line === undefined ? null : ev;
    }
    if (r.channel === TASKS && id === 106) return service(d.TaskName, undefined, d.UserContext ?? d.UserName, 'scheduled_task');
    return null;
  }

  skipNotes(): string[] {
    const top = [...this.skipped].sort((a, b) => b[1] - a[1]);
    const total = top.reduce((n, [, c]) => n + c, 0);
    if (total === 0) return [];
    const list = top.slice(0, 8).map(([k, n]) => `${k} (${n})`).join(', ');
    return [`${total} Windows records skipped: event ids without a canonical mapping (${list}${top.length > 8 ? ', ...' : ''})`];
  }
}

function kind(k: PipelineEvent['kind']): PipelineEvent {
  const ev = new PipelineEvent();
  ev.kind = k;
  return ev;
}

function logon(d: Obj, outcome: 'success' | 'failure'): PipelineEvent | null {
  const user = account(d.TargetUserName);
  if (user === undefined) return null;
  const ev = kind('auth');
  ev.user_id = user;
  ev.outcome = outcome;
  ev.logon_type = int(d.LogonType);
  ev.method = str(d.AuthenticationPackageName)?.toLowerCase();
  ev.process = str(d.LogonProcessName)?.toLowerCase();
  ev.src_ip = address(d.IpAddress);
  if (ev.src_ip !== undefined) ev.src_port = int(d.IpPort);
  ev.target_host = str(d.WorkstationName)?.toLowerCase();
  return ev;
}

function explicitLogon(d: Obj): PipelineEvent | null {
  const user = account(d.TargetUserName);
  if (user === undefined) return null;
  const ev = kind('auth');
  ev.user_id = user;
  ev.outcome = 'success';
  ev.method = 'explicit_credentials';
  ev.target_host = str(d.TargetServerName)?.toLowerCase();
  ev.path = str(d.ProcessName);
  ev.process = ev.path === undefined ? undefined : baseName(ev.path);
  ev.dst_ip = address(d.IpAddress);
  return ev;
}

function privileges(d: Obj): PipelineEvent | null {
  const user = account(d.SubjectUserName);
  if (user === undefined) return null;
  const ev = kind('auth');
  ev.user_id = user;
  ev.outcome = 'success';
  ev.method = 'special_privileges';
  return ev;
}

function kerberos(d: Obj, id: number): PipelineEvent | null {
  const user = account(d.TargetUserName);
  if (user === undefined) return null;
  const ev = kind('auth');
  ev.user_id = user;
  ev.outcome = statusOk(d.Status) ? 'success' : 'failure';
  ev.method = id === 4768 ? 'kerberos_tgt' : id === 4769 ? 'kerberos_service_ticket' : 'kerberos_preauth';
  ev.service_name = str(d.ServiceName);
  ev.src_ip = address(d.IpAddress);
  return ev;
}

function ntlmValidation(d: Obj): PipelineEvent | null {
  const user = account(d.TargetUserName);
  if (user === undefined) return null;
  const ev = kind('auth');
  ev.user_id = user;
  ev.outcome = statusOk(d.Status) ? 'success' : 'failure';
  ev.method = 'ntlm_validation';
  ev.target_host = str(d.Workstation)?.toLowerCase();
  return ev;
}

function processCreate(image: unknown, commandLine: unknown, parent: unknown, user: unknown, hashes: unknown): PipelineEvent | null {
  const path = str(image);
  if (path === undefined) return null;
  const ev = kind('process');
  ev.path = path;
  ev.process = baseName(path);
  ev.command_line = text(commandLine);
  ev.parent_process = str(parent);
  ev.user_id = account(user);
  ev.hash = sysmonHash(hashes);
  return ev;
}

function service(name: unknown, image: unknown, user: unknown, method: string, content?: unknown): PipelineEvent | null {
  const ev = kind('service_install');
  ev.service_name = str(name);
  ev.path = str(image);
  if (ev.service_name === undefined && ev.path === undefined) return null;
  ev.method = method;
  ev.user_id = account(user);
  ev.command_line = text(content);
  return ev;
}

function share(d: Obj): PipelineEvent | null {
  const name = str(d.ShareName);
  if (name === undefined) return null;
  const ev = kind('share_access');
  ev.share_name = name;
  ev.path = str(d.RelativeTargetName);
  ev.src_ip = address(d.IpAddress);
  if (ev.src_ip !== undefined) ev.src_port = int(d.IpPort);
  ev.user_id = account(d.SubjectUserName);
  ev.granted_access = str(d.AccessMask)?.toLowerCase();
  return ev;
}

function sysmon(id: number, d: Obj): PipelineEvent | null {
  switch (id) {
    case 1: return processCreate(d.Image, d.CommandLine, d.ParentImage, d.User, d.Hashes);
    case 3: {
      const src = address(d.SourceIp);
      const dst = address(d.DestinationIp);
      if (src === undefined || dst === undefined) return null;
      const ev = kind('flow');
      ev.src_ip = src;
      ev.dst_ip = dst;
      ev.src_port = int(d.SourcePort);
      ev.dst_port = int(d.DestinationPort);
      ev.proto = str(d.Protocol)?.toLowerCase();
      // Both ends of a connection log it: `initiated` on the client, `accepted` on the server.
      ev.method = d.Initiated === true || str(d.Initiated)?.toLowerCase() === 'true' ? 'initiated' : 'accepted';
      const image = str(d.Image);
      ev.path = image;
      ev.process = image === undefined ? undefined : baseName(image);
      return ev;
    }
    case 7: {
      const loaded = str(d.ImageLoaded);
      if (loaded === undefined) return null;
      const ev = kind('image_load');
      ev.path = loaded;
      ev.process = str(d.Image) === undefined ? undefined : baseName(str(d.Image)!);
      ev.hash = sysmonHash(d.Hashes);
      return ev;
    }
    case 8: case 10: {
      const target = str(d.TargetImage);
      if (target === undefined) return null;
      const ev = kind('process_access');
      ev.path = str(d.SourceImage);
      ev.process = ev.path === undefined ? undefined : baseName(ev.path);
      ev.target_process = target;
      ev.granted_access = id === 10 ? str(d.GrantedAccess)?.toLowerCase() : undefined;
      ev.method = id === 8 ? 'create_remote_thread' : 'open_process';
      // Which module asked: dbghelp/dbgcore (MiniDumpWriteDump) or comsvcs in the call trace is a dump.
      ev.command_line = text(d.CallTrace);
      ev.user_id = account(d.SourceUser);
      return ev;
    }
    case 11: {
      const path = str(d.TargetFilename);
      if (path === undefined) return null;
      const ev = kind('file');
      ev.path = path;
      ev.process = str(d.Image) === undefined ? undefined : baseName(str(d.Image)!);
      return ev;
    }
    case 12: case 13: case 14: {
      const key = str(d.TargetObject);
      if (key === undefined) return null;
      const ev = kind('registry');
      ev.path = key;
      ev.process = str(d.Image) === undefined ? undefined : baseName(str(d.Image)!);
      ev.command_line = text(d.Details);
      return ev;
    }
    case 22: {
      const query = str(d.QueryName);
      if (query === undefined) return null;
      const ev = kind('dns');
      ev.query = query.toLowerCase();
      ev.answers = dnsResults(d.QueryResults);
      ev.process = str(d.Image) === undefined ? undefined : baseName(str(d.Image)!);
      return ev;
    }
  }
  return null;
}
