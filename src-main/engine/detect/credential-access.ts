// credential_access: what a host's own logs show of credential theft. LSASS memory opened with the
// rights a dump needs (Sysmon 10), MiniDump through comsvcs.dll, known dumpers and their commands
// (process creation, PowerShell script blocks), an LSASS dump file written (Sysmon 11), SAM/SECURITY
// hive and NTDS copies, and over-pass-the-hash logons (logon type 9 through seclogo). Each finding
// carries its ATT&CK technique ids and names the events it rests on (see docs/detectors.md).
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import { baseName } from '../ingest/parsers/windows-events';
import { subject, type DetectContext, type Detector } from './types';

/** PROCESS_VM_READ with PROCESS_QUERY_(LIMITED_)INFORMATION: what MiniDumpWriteDump and every reader of lsass memory need. */
const VM_READ = 0x10;
const QUERY = 0x400 | 0x1000;
/**
 * Processes that open lsass with read rights as part of the system or its protection (Sysmon's own
 * default configuration and Sigma's LSASS-access rules exclude the same ones).
 */
const LSASS_READERS = new Set(['lsass.exe', 'csrss.exe', 'wininit.exe', 'msmpeng.exe', 'mssense.exe', 'nissrv.exe', 'sensecncproxy.exe', 'wmiprvse.exe', 'svchost.exe', 'vmtoolsd.exe', 'mrt.exe']);
/** Modules in a call trace that mean a memory dump is being written (MiniDumpWriteDump), whoever asks. */
const DUMP_MODULES = /\\(dbghelp|dbgcore|comsvcs)\.dll/i;

interface Rule { technique: string[]; what: string; pattern: RegExp }
/** Command lines and script blocks of credential dumping tools (Sigma's process-creation rules, condensed). */
const COMMAND_RULES: Rule[] = [
  { technique: ['T1003.001'], what: 'LSASS MiniDump through comsvcs.dll', pattern: /comsvcs(\.dll)?[\s,"']+(#\s*24|minidump)/i },
  { technique: ['T1003.001'], what: 'procdump of LSASS', pattern: /procdump(64)?(\.exe)?\b.*\s-m?a\b.*lsass/i },
  { technique: ['T1003.001'], what: 'Mimikatz credential dumping', pattern: /sekurlsa::|lsadump::|kerberos::ptt|privilege::debug|invoke-mimikatz/i },
  { technique: ['T1003.001'], what: 'an LSASS dumper', pattern: /\b(sharpdump|nanodump|dumpert|pypykatz|lsassy|handlekatz|safetykatz)\b/i },
  { technique: ['T1003.001'], what: 'MiniDumpWriteDump called from a script', pattern: /minidumpwritedump/i },
  { technique: ['T1003.002'], what: 'a SAM or SECURITY hive saved', pattern: /\breg(\.exe)?\s+save\s+hklm\\(sam|security)\b/i },
  { technique: ['T1003.003'], what: 'an NTDS.dit copy', pattern: /ntdsutil.*\bifm\b|\\ntds\.dit/i },
];
const DUMPER_IMAGES = new Set(['mimikatz.exe', 'mimilove.exe', 'sharpdump.exe', 'nanodump.exe', 'outflank-dumpert.exe', 'dumpert.exe', 'pypykatz.exe', 'safetykatz.exe']);

interface Found { technique: string[]; what: string; severity: 'critical' | 'high'; events: string; detail: string; ev: AttributedEvent }

export class CredentialAccessDetector implements Detector {
  readonly type = 'credential_access' as const;

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (!s) return;
    const f = this.judge(ev);
    if (!f) return;
    const who = subject(s);
    const user = ev.user_id ? ` as ${ev.user_id}` : '';
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: f.severity, confidence: f.severity === 'critical' ? 0.9 : 0.75,
      detected_at: ev.ts,
      description: `${f.what.charAt(0).toUpperCase()}${f.what.slice(1)} on ${who === 'Device' ? `device ${s.id}` : who}${user} (${f.technique.join(', ')}): ${f.detail} (${f.events})`,
      recommended_action: 'isolate', observed_destinations: ev.src_ip ? [ev.src_ip] : [],
      evidence: { attack_techniques: f.technique, tactic: 'credential-access', events: f.events, event_ids: [ev.id], host: ev.host_name ?? s.id, process: ev.path ?? ev.process ?? null, account: ev.user_id ?? null },
      dedupe_key: `${s.type}:${s.id}:credential_access:${f.technique.join('+')}:${f.what}`,
    });
  }

  private judge(ev: AttributedEvent): Found | null {
    switch (ev.kind) {
      case 'process_access': {
        if (!ev.target_process || baseName(ev.target_process) !== 'lsass.exe') return null;
        const source = ev.process ?? (ev.path ? baseName(ev.path) : '');
        const viaDump = ev.command_line !== undefined && DUMP_MODULES.test(ev.command_line);
        const rights = ev.granted_access ? parseInt(ev.granted_access, 16) : NaN;
        const dumpGrade = Number.isFinite(rights) && (rights & VM_READ) !== 0 && (rights & QUERY) !== 0;
        if (!viaDump && (!dumpGrade || LSASS_READERS.has(source))) return null;
        if (ev.method === 'create_remote_thread' && LSASS_READERS.has(source)) return null;
        return {
          technique: ['T1003.001'], what: viaDump ? 'LSASS memory dump' : 'LSASS memory opened for reading', severity: 'critical',
          events: ev.method === 'create_remote_thread' ? 'Sysmon 8' : 'Sysmon 10',
          detail: `${ev.path ?? source} opened ${ev.target_process} with access ${ev.granted_access ?? 'a remote thread'}${viaDump ? ' through MiniDumpWriteDump' : ''}`, ev,
        };
      }
      case 'process': case 'script': {
        const image = ev.process ?? '';
        const text = ev.command_line ?? '';
        if (ev.kind === 'process' && DUMPER_IMAGES.has(image)) {
          return { technique: ['T1003.001'], what: 'a credential dumper started', severity: 'critical', events: eventName(ev), detail: `${ev.path ?? image} ran: ${cut(text || image)}`, ev };
        }
        for (const r of COMMAND_RULES) {
          if (r.pattern.test(text)) return { technique: r.technique, what: r.what, severity: 'critical', events: eventName(ev), detail: `${ev.kind === 'script' ? 'script block' : (ev.path ?? image)}: ${cut(text)}`, ev };
        }
        return null;
      }
      case 'file': {
        const name = ev.path ? baseName(ev.path) : '';
        if (!/lsass.*\.dmp$/.test(name)) return null;
        return { technique: ['T1003.001'], what: 'an LSASS dump file written', severity: 'critical', events: 'Sysmon 11', detail: `${ev.process ?? 'a process'} wrote ${ev.path}`, ev };
      }
      case 'auth': {
        // sekurlsa::pth and Rubeus asktgt /ptt start a process with logon type 9 through seclogo (runas /netonly does too, rarely).
        if (ev.logon_type !== 9 || ev.process !== 'seclogo' || ev.outcome === 'failure') return null;
        return {
          technique: ['T1550.002'], what: 'An over-pass-the-hash logon', severity: 'high', events: `Security ${ev.event_code ?? 4624}`,
          detail: `new-credentials logon (type 9, seclogo, ${ev.method ?? 'negotiate'}) for ${ev.user_id}`, ev,
        };
      }
    }
    return null;
  }
}

function eventName(ev: AttributedEvent): string {
  if (ev.kind === 'script') return 'PowerShell 4104';
  return ev.event_code === 1 ? 'Sysmon 1' : ev.event_code ? `Security ${ev.event_code}` : 'process creation';
}

const cut = (s: string) => (s.length > 160 ? `${s.slice(0, 157)}...` : s);
