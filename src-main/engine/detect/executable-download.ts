// executable_download: a program fetched over the network, as Zeek files/http and Suricata fileinfo
// show it (an executable MIME type from the sensor's content sniffing, or a URL naming one). Fetched
// from a bare address (no host name: how Metasploit, Cobalt Strike and droppers stage payloads) it is
// high; from a named host only a few entities of the fleet use, medium; from a widely used host, nothing.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import { canonicalIp, isPrivateIp } from '../inventory/ip';
import { subject, type DetectContext, type Detector } from './types';

/** MIME types sensors give Windows, Linux and macOS programs, installers and scripts. */
const EXECUTABLE_MIME = new Set([
  'application/x-dosexec', 'application/x-msdownload', 'application/vnd.microsoft.portable-executable', 'application/x-executable',
  'application/x-elf', 'application/x-sharedlib', 'application/x-mach-binary', 'application/x-mach-o-executable', 'application/x-msi',
  'application/x-ms-installer', 'application/hta', 'application/x-ms-shortcut',
]);
const EXECUTABLE_PATH = /\.(exe|dll|scr|msi|hta|ps1|bat|vbs|jar|elf)(\?|$)/i;

function isExecutable(ev: Pick<AttributedEvent, 'mime_type' | 'url' | 'path'>): boolean {
  return (ev.mime_type !== undefined && EXECUTABLE_MIME.has(ev.mime_type)) || (ev.url !== undefined && EXECUTABLE_PATH.test(ev.url)) || (ev.path !== undefined && EXECUTABLE_PATH.test(ev.path));
}

/** The other end of the transfer, seen from the entity. */
function peerOf(ev: AttributedEvent, s: EntityStats): string | undefined {
  if (ev.src_ip === s.id) return ev.dst_ip;
  if (ev.dst_ip === s.id) return ev.src_ip;
  if (ev.src_ip !== undefined && isPrivateIp(ev.src_ip) && ev.dst_ip !== undefined && !isPrivateIp(ev.dst_ip)) return ev.dst_ip;
  return ev.dst_ip !== undefined && isPrivateIp(ev.dst_ip) && ev.src_ip !== undefined && !isPrivateIp(ev.src_ip) ? ev.src_ip : ev.dst_ip;
}

export class ExecutableDownloadDetector implements Detector {
  readonly type = 'executable_download' as const;

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (!s || (ev.kind !== 'http' && ev.kind !== 'file') || !isExecutable(ev)) return;
    const peer = peerOf(ev, s);
    if (peer === undefined) return;
    const name = ev.host !== undefined && canonicalIp(ev.host) === null ? ev.host : ctx.dns.nameOf(peer);
    const bare = name === undefined;
    const users = ctx.fleet.entities(peer);
    if (!bare && users > ctx.cfg.c2.rare_max_entities) return;
    const what = ev.mime_type ?? 'an executable';
    const where = `${name ? `${name} (${peer})` : peer}${ev.dst_port !== undefined && ev.dst_port !== 80 && ev.dst_port !== 443 ? ` port ${ev.dst_port}` : ''}`;
    const file = ev.url ?? ev.path;
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: bare ? 'high' : 'medium', confidence: bare ? 0.8 : 0.55, detected_at: ev.ts,
      description: `${subject(s)} downloaded ${what}${file && file !== '/' ? ` (${file})` : ''} from ${bare ? 'the bare address ' : ''}${where}${bare ? '' : `, a host ${users <= 1 ? 'no other entity' : `only ${users} entities`} of the fleet use${users <= 1 ? 's' : ''}`} (T1105; ${ev.kind === 'file' ? 'file transfer log' : 'HTTP log'})`,
      recommended_action: bare ? 'block_destination' : 'investigate', observed_destinations: [peer],
      evidence: { attack_techniques: ['T1105'], mime_type: ev.mime_type ?? null, url: ev.url ?? null, file: ev.path ?? null, hash: ev.hash ?? null, host: name ?? null, peer, fleet_entities: users, event_ids: [ev.id] },
      dedupe_key: `${s.type}:${s.id}:executable_download:${peer}`,
    });
  }
}
