// `threatmatic policy export --format nftables`: the policies in force now as an `nft -f` ruleset for a
// gateway (forward hook) in its own table, inet threatmatic, replaced whole on each load. Rule order
// follows the decision precedence: quarantines first, then allow exceptions, then blocks. nftables
// matches addresses, not names: domain rules, app rules, require_mfa and monitor are listed as comments.
import { isoOrNull } from '@shared/domain/time';
import { ipv6Prefix } from '../intel/indicator';
import { ipv4ToInt } from '../inventory/ip';
import { inForce } from './decide';
import type { IndexedRule } from './decision-index';
import type { ParsedDestination } from './destination';
import type { PolicyContext } from './policy-context';

type Cidr = Extract<ParsedDestination, { type: 'ip' | 'cidr' }>;

const clean = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, "'");
const comment = (s: string) => `comment "${clean(s).slice(0, 120)}"`;
const isAddress = (d: ParsedDestination | null): d is Cidr => d !== null && (d.type === 'ip' || d.type === 'cidr');
const isV4 = (d: Cidr) => (d.type === 'ip' ? d.v4 >= 0 : d.v4);
const isV4Text = (ip: string) => !ip.includes(':');

/** Drops elements a broader element of the same set already covers (an interval set refuses overlaps). */
function prune(dests: Cidr[]): { kept: string[]; covered: string[] } {
  const unique = [...new Map(dests.map((d) => [d.value, d])).values()];
  const nets = unique.filter((d): d is Extract<Cidr, { type: 'cidr' }> => d.type === 'cidr');
  const kept: string[] = [];
  const covered: string[] = [];
  for (const d of unique) {
    const inside = nets.some((n) => n !== d && n.value !== d.value && coversAddress(n, d));
    (inside ? covered : kept).push(d.value);
  }
  return { kept: kept.sort(), covered: covered.sort() };
}

function coversAddress(n: Extract<Cidr, { type: 'cidr' }>, d: Cidr): boolean {
  if (n.v4 !== isV4(d)) return false;
  const prefix = d.type === 'cidr' ? d.prefix : n.v4 ? 32 : 128;
  if (prefix <= n.prefix) return false;
  const addr = d.value.split('/')[0];
  if (n.v4) return (ipv4ToInt(addr) >>> (32 - n.prefix)) === ((n.net as number) >>> (32 - n.prefix));
  return ipv6Prefix(addr, n.prefix) === n.net;
}

function set(name: string, type: 'ipv4_addr' | 'ipv6_addr', elements: string[]): string[] {
  return [
    `  set ${name} {`,
    `    type ${type}`,
    '    flags interval',
    '    auto-merge',
    ...(elements.length ? [`    elements = { ${elements.join(', ')} }`] : []),
    '  }',
  ];
}

/** `ip saddr { … }` / `ip6 saddr { … }` selectors for a device's addresses, one per family present. */
function selectors(dir: 'saddr' | 'daddr', ips: readonly string[]): string[] {
  const v4 = ips.filter(isV4Text);
  const v6 = ips.filter((ip) => !isV4Text(ip));
  const one = (fam: string, list: string[]) => `${fam} ${dir} ${list.length === 1 ? list[0] : `{ ${list.join(', ')} }`}`;
  return [...(v4.length ? [one('ip', v4)] : []), ...(v6.length ? [one('ip6', v6)] : [])];
}

/** Rules between a device and one destination, for the family they share (both directions). */
function between(ips: readonly string[], dest: Cidr, verdict: string, note: string): string[] {
  const fam = isV4(dest) ? 'ip' : 'ip6';
  const mine = ips.filter((ip) => isV4Text(ip) === isV4(dest));
  if (mine.length === 0) return [];
  const list = mine.length === 1 ? mine[0] : `{ ${mine.join(', ')} }`;
  return [`    ${fam} saddr ${list} ${fam} daddr ${dest.value} ${verdict} ${comment(note)}`, `    ${fam} saddr ${dest.value} ${fam} daddr ${list} ${verdict} ${comment(note)}`];
}

export function nftablesRuleset(svc: PolicyContext): string {
  const now = svc.clock.now();
  const ix = svc.index();
  const active = ix.rules.filter((e) => inForce(e, now, now));
  const inv = svc.inventory;
  const ipsOf = (type: string, id: string): string[] => (type === 'device' ? inv.getDevice(id)?.ip_addresses : type === 'workload' ? inv.getWorkload(id)?.ip_addresses : undefined) ?? [];
  /** Where a rule reaches: its device or workload, or the devices whose active user its user is. */
  const subjects = (e: IndexedRule): { label: string; ips: string[] }[] => {
    const { identity_type: t, identity_id: id } = e.rule;
    if (!t || !id) return [];
    if (t === 'user') return svc.activeUsers.devicesOf(id).filter((d) => svc.activeUsers.of(d) === id).map((d) => ({ label: `${d} (active user ${id})`, ips: ipsOf('device', d) }));
    return [{ label: `${t} ${id}`, ips: ipsOf(t, id) }];
  };
  const notes: string[] = [];
  const quarantine: string[] = [];
  const exceptions: string[] = [];
  const scopedBlocks: string[] = [];
  const fleet: Cidr[] = [];

  for (const e of active.filter((x) => x.rule.action === 'isolate')) {
    for (const s of subjects(e)) {
      if (s.ips.length === 0) { notes.push(`isolation of ${s.label} (${e.policy_id}): no known address, not expressible`); continue; }
      const path = active.filter((m) => m.management && m.policy_id === e.policy_id && m.appliesTo === e.appliesTo);
      for (const m of path) {
        if (isAddress(m.dest)) quarantine.push(...between(s.ips, m.dest, 'accept', `${e.policy_id} management path`));
        else notes.push(`management path of ${s.label} (${e.policy_id}) includes ${m.rule.destination}: a name, not expressible; resolve it at the enforcement point`);
      }
      for (const sel of selectors('saddr', s.ips)) quarantine.push(`    ${sel} drop ${comment(`${e.policy_id} quarantine of ${s.label}`)}`);
      for (const sel of selectors('daddr', s.ips)) quarantine.push(`    ${sel} drop ${comment(`${e.policy_id} quarantine of ${s.label}`)}`);
    }
  }
  for (const e of active) {
    const { action } = e.rule;
    if (e.management || action === 'isolate') continue;
    if (action === 'monitor' || action === 'require_mfa' || action === 'require_approval') { notes.push(`${action} ${e.appliesTo} ${e.rule.destination ?? '(all destinations)'} (${e.policy_id}): not a packet verdict`); continue; }
    if (e.rule.identity_type === 'agent' || e.dest?.type === 'tool' || e.dest?.type === 'tool_pattern') {
      notes.push(`${action} ${e.rule.destination ?? '(all tools)'} for ${e.appliesTo} (${e.policy_id}): an agent-tool rule, enforced by the agent gateway, not in nftables`);
      continue;
    }
    if (e.rule.identity_type === 'app') {
      notes.push(`${action} ${e.rule.destination ?? '(all)'} for ${e.appliesTo} (${e.policy_id}): an application identity, not expressible in nftables`);
      continue;
    }
    if (e.dest !== null && !isAddress(e.dest)) {
      notes.push(`${action} ${e.rule.destination} for ${e.appliesTo} (${e.policy_id}): ${e.dest.type === 'app' ? 'an application' : 'a domain name'}, not expressible in nftables; enforce at DNS or a proxy`);
      continue;
    }
    if (e.appliesTo === 'fleet' || e.identityRank === 1) {
      if (action === 'block' && e.dest) {
        if (e.identityRank === 1 && e.rule.identity_type !== 'device' && e.rule.identity_type !== 'workload') notes.push(`block ${e.rule.destination} for every ${e.rule.identity_type} (${e.policy_id}): exported fleet-wide`);
        fleet.push(e.dest);
      } else notes.push(`${action} ${e.rule.destination ?? '(all destinations)'} for ${e.appliesTo} (${e.policy_id}): not expressible without an address to scope it`);
      continue;
    }
    const subs = subjects(e);
    if (subs.length === 0) notes.push(`${action} ${e.rule.destination ?? '(all)'} for ${e.appliesTo} (${e.policy_id}): no device to scope it to right now`);
    for (const s of subs) {
      if (s.ips.length === 0) { notes.push(`${action} for ${s.label} (${e.policy_id}): no known address`); continue; }
      const verdict = action === 'allow' ? 'accept' : 'drop';
      const lines = e.dest ? between(s.ips, e.dest, verdict, `${e.policy_id} ${action} ${s.label}`)
        : [...selectors('saddr', s.ips), ...selectors('daddr', s.ips)].map((sel) => `    ${sel} ${verdict} ${comment(`${e.policy_id} ${action} all for ${s.label}`)}`);
      (action === 'allow' ? exceptions : scopedBlocks).push(...lines);
    }
  }

  const v4 = prune(fleet.filter(isV4));
  const v6 = prune(fleet.filter((d) => !isV4(d)));
  for (const c of [...v4.covered, ...v6.covered]) notes.push(`block ${c}: inside a broader blocked range, merged into it`);
  const policies = new Set(active.map((e) => e.policy_id)).size;
  return [
    '#!/usr/sbin/nft -f',
    `# Threatmatic policy export, ${isoOrNull(now)}: ${policies} active polic${policies === 1 ? 'y' : 'ies'}.`,
    '# Load with `nft -f <file>` on the gateway: it replaces table inet threatmatic and touches nothing else.',
    '# Order follows Threatmatic precedence: quarantines, then allow exceptions, then blocks (both directions).',
    '# Not expressible here (nftables matches addresses, not names or users):',
    ...(notes.length ? notes.map((n) => `#   ${clean(n)}`) : ['#   (nothing)']),
    'table inet threatmatic',
    'delete table inet threatmatic',
    'table inet threatmatic {',
    ...set('blocked_v4', 'ipv4_addr', v4.kept),
    ...set('blocked_v6', 'ipv6_addr', v6.kept),
    '  chain forward {',
    '    type filter hook forward priority 0; policy accept;',
    ...quarantine,
    ...exceptions,
    ...scopedBlocks,
    `    ip daddr @blocked_v4 drop ${comment('Threatmatic fleet blocks')}`,
    `    ip saddr @blocked_v4 drop ${comment('Threatmatic fleet blocks')}`,
    `    ip6 daddr @blocked_v6 drop ${comment('Threatmatic fleet blocks')}`,
    `    ip6 saddr @blocked_v6 drop ${comment('Threatmatic fleet blocks')}`,
    '  }',
    '}',
    '',
  ].join('\n');
}
