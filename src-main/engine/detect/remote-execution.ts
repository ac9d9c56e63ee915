// remote_execution: another host running code on this one, as the target's own Windows logs show it.
// Remote service creation (PsExec, SMBExec: 7045/4697), a process started by the WMI provider host
// (T1047), a PowerShell-remoting session host (wsmprovhost, T1021.006), and executables or scripts
// written to an admin share over SMB (5145, T1021.002/T1570). The source is the remote network logon
// (4624 type 3) or the inbound connection (Sysmon 3) seen on the same host within two minutes; the
// finding names it, so every host one source reaches shares it and the findings join one incident.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import { baseName } from '../ingest/parsers/windows-events';
import { subject, type DetectContext, type Detector } from './types';

/** How far apart the execution and the remote logon or connection behind it may be. */
const WINDOW_MS = 120_000;
/** Ports remote execution arrives on: RPC endpoint mapper (WMI, SCM), SMB, WinRM. */
const REMOTE_PORTS = new Set([135, 139, 445, 5985, 5986]);
const EXECUTABLE = /\.(exe|dll|ps1|bat|cmd|vbs|js|hta|scr|sys|msi)$/i;
/** Service image paths that are a command, not a program: how PsExec clones, SMBExec and Empire install theirs. */
const COMMAND_SERVICE = /%comspec%|cmd(\.exe)?\s+\/[cq]|powershell|\s-e(nc|ncodedcommand)?\s|\\\\127\.0\.0\.1\\|\\admin\$\\|mshta|rundll32|regsvr32/i;
/** Children of the WMI provider host that are WMI's own. */
const WMI_OWN = new Set(['wmiprvse.exe', 'werfault.exe', 'wmiadap.exe', 'mofcomp.exe']);

interface Contact { ts: number; ip: string; user?: string; via: string }
interface Signal { ts: number; technique: string[]; what: string; detail: string; events: string[]; evId: number; user?: string; standalone: boolean; port?: number }
interface HostState { contacts: Contact[]; pending: Signal[] }

export class RemoteExecutionDetector implements Detector {
  readonly type = 'remote_execution' as const;
  private readonly hosts = new Map<EntityStats, HostState>();
  /** Addresses hosts were seen using (Sysmon 3 initiated connections): names the source in descriptions. */
  private readonly names = new Map<string, string>();

  onEvent(ev: AttributedEvent, s: EntityStats | null): void {
    if (!s || ev.host_name === undefined) return;
    switch (ev.kind) {
      case 'auth':
        // A network (3) or remote-interactive (10) logon from another address: a way in for the signals below.
        if (ev.outcome === 'success' && (ev.logon_type === 3 || ev.logon_type === 10) && ev.src_ip) this.contact(s, { ts: ev.ts, ip: ev.src_ip, user: ev.user_id, via: `Security 4624 type ${ev.logon_type}` });
        return;
      case 'flow':
        if (ev.method === 'initiated' && ev.src_ip) this.names.set(ev.src_ip, ev.host_name);
        if (ev.method === 'accepted' && ev.src_ip && ev.dst_port !== undefined && REMOTE_PORTS.has(ev.dst_port) && ev.src_ip !== ev.dst_ip) {
          this.contact(s, { ts: ev.ts, ip: ev.src_ip, via: `Sysmon 3 to port ${ev.dst_port}` });
        }
        return;
      case 'service_install': {
        if (ev.method !== 'service') return;
        const path = ev.path ?? '';
        const psexec = /^psexesvc$/i.test(ev.service_name ?? '') || /psexesvc/i.test(path);
        const command = COMMAND_SERVICE.test(path);
        this.signal(s, {
          ts: ev.ts, technique: ['T1021.002', 'T1569.002'], what: psexec ? 'PsExec service creation' : command ? 'remote service creation running a command (PsExec/SMBExec-style)' : 'service creation',
          detail: `service '${ev.service_name ?? '?'}' runs '${cut(path)}'`, events: [ev.event_code === 4697 ? 'Security 4697' : 'System 7045'], evId: ev.id, user: ev.user_id, standalone: psexec || command,
        });
        return;
      }
      case 'process': {
        const parent = ev.parent_process ? baseName(ev.parent_process) : '';
        const image = ev.process ?? '';
        const events = [ev.event_code === 1 ? 'Sysmon 1' : 'Security 4688'];
        if (parent === 'wmiprvse.exe' && !WMI_OWN.has(image)) {
          this.signal(s, { ts: ev.ts, technique: ['T1047'], what: 'WMI remote execution', detail: `WmiPrvSE.exe started ${ev.path ?? image}: ${cut(ev.command_line ?? image)}`, events, evId: ev.id, user: ev.user_id, standalone: false });
        } else if (image === 'wsmprovhost.exe') {
          this.signal(s, { ts: ev.ts, technique: ['T1021.006'], what: 'PowerShell remoting session', detail: `WinRM plugin host ${ev.path ?? image} started`, events, evId: ev.id, user: ev.user_id, standalone: false, port: 5985 });
        }
        return;
      }
      case 'share_access': {
        const share = (ev.share_name ?? '').toUpperCase();
        const mask = ev.granted_access ? parseInt(ev.granted_access, 16) : NaN;
        // Writing (WriteData 0x2, AppendData 0x4) an executable or script to an administrative share (C$, ADMIN$...).
        if (!ev.src_ip || !/\$$/.test(share) || share.endsWith('IPC$') || !ev.path || !EXECUTABLE.test(ev.path)) return;
        if (Number.isFinite(mask) && (mask & 0x6) === 0) return;
        this.contact(s, { ts: ev.ts, ip: ev.src_ip, user: ev.user_id, via: 'Security 5145' });
        this.signal(s, {
          ts: ev.ts, technique: ['T1021.002', 'T1570'], what: 'SMB copy of an executable to an admin share', detail: `${ev.path} written to ${ev.share_name}`,
          events: ['Security 5145'], evId: ev.id, user: ev.user_id, standalone: true,
        });
        return;
      }
    }
  }

  private state(s: EntityStats): HostState {
    let st = this.hosts.get(s);
    if (!st) this.hosts.set(s, (st = { contacts: [], pending: [] }));
    return st;
  }

  private contact(s: EntityStats, c: Contact): void {
    const st = this.state(s);
    st.contacts.push(c);
    if (st.contacts.length > 200) st.contacts.splice(0, st.contacts.length - 200);
  }

  private signal(s: EntityStats, sig: Signal): void {
    const st = this.state(s);
    if (st.pending.length < 500) st.pending.push(sig);
  }

  endBatch(ctx: DetectContext): void {
    for (const [s, st] of this.hosts) {
      const keep: Signal[] = [];
      for (const sig of st.pending) {
        const near = st.contacts.filter((c) => Math.abs(c.ts - sig.ts) <= WINDOW_MS && (sig.port === undefined || !c.via.startsWith('Sysmon 3') || c.via.endsWith(`${sig.port}`) || c.via.endsWith(`${sig.port + 1}`)));
        if (near.length > 0) this.report(s, sig, near, ctx);
        else if (sig.standalone) this.report(s, sig, [], ctx);
        else if (ctx.watermark - sig.ts <= WINDOW_MS) keep.push(sig);
      }
      st.pending = keep;
      const cut = ctx.watermark - 2 * WINDOW_MS;
      st.contacts = st.contacts.filter((c) => c.ts >= cut);
      if (st.pending.length === 0 && st.contacts.length === 0) this.hosts.delete(s);
    }
  }

  private report(s: EntityStats, sig: Signal, near: Contact[], ctx: DetectContext): void {
    // The closest contact in time names the source; the others are listed as evidence.
    near.sort((a, b) => Math.abs(a.ts - sig.ts) - Math.abs(b.ts - sig.ts));
    const src = near[0];
    const user = sig.user ?? near.find((c) => c.user)?.user;
    const sourceName = src ? this.names.get(src.ip) : undefined;
    const from = src ? ` from ${sourceName ? `${sourceName} (${src.ip})` : src.ip}` : ' (source not in the logs)';
    const events = [...new Set([...sig.events, ...near.slice(0, 5).map((c) => c.via)])];
    const who = subject(s);
    const high = sig.standalone || near.length > 0;
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: high ? 'high' : 'medium', confidence: src ? 0.85 : 0.7, detected_at: sig.ts,
      description: `${cap(sig.what)} (${sig.technique.join(', ')}) on ${who === 'Device' ? `device ${s.id}` : who}${from}${user ? ` as ${user}` : ''}: ${sig.detail} (${events.join(', ')})`,
      recommended_action: 'isolate', observed_destinations: src ? [src.ip] : [],
      evidence: {
        attack_techniques: sig.technique, tactic: 'lateral-movement', target_host: s.id, source_ip: src?.ip ?? null, source_host: sourceName ?? null, account: user ?? null,
        events, event_ids: [sig.evId], contacts: near.slice(0, 5).map((c) => ({ ip: c.ip, via: c.via, at: new Date(c.ts).toISOString() })),
      },
      dedupe_key: `${s.type}:${s.id}:remote_execution:${sig.technique[0]}:${sig.what}:${src?.ip ?? '-'}`,
    });
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
