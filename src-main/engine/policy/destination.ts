// Policy destinations: parsing into canonical forms (IP, CIDR, exact domain, *.domain pattern, app id)
// and the error that names what is wrong. Reuses the intel indicator parser so one IP/CIDR/domain
// grammar serves matching, threat context and policy alike.
import { ipv6Prefix, parseIndicator } from '../intel/indicator';
import { ipv4ToInt } from '../inventory/ip';

export type ParsedDestination =
  | { type: 'ip'; value: string; v4: number }
  | { type: 'cidr'; value: string; v4: boolean; prefix: number; /** IPv4: network as uint32; IPv6: top `prefix` bits */ net: number | bigint }
  | { type: 'domain'; value: string }
  | { type: 'domain_pattern'; value: string; /** The name below which the pattern matches (x.y for *.x.y). */ suffix: string }
  | { type: 'app'; value: string }
  /** An MCP tool an agent calls: tool:server/name (or tool:name for an agent's own tool). */
  | { type: 'tool'; value: string; server: string | null }
  /** Every tool of one MCP server: tool:server/*. */
  | { type: 'tool_pattern'; value: string; server: string };

/** A network destination (what block_destination and allow_destination take). */
export type NetworkDestination = Exclude<ParsedDestination, { type: 'tool' | 'tool_pattern' }>;

export const TOOL_PREFIX = 'tool:';
// server/name or name; a server's tools as server/*. Tool names keep their case (sendMessage).
const TOOL = /^tool:(?:([^\s/*]{1,120})\/)?([^\s/*]{1,160}|\*)$/i;

/** The destination of an agent calling `tool` ("server/name" as agent postures name tools, or "name"). */
export const toolDestination = (tool: string): string => `${TOOL_PREFIX}${tool}`;

/** A tool destination, an error for a malformed one, or null when the text is not a tool destination. */
function parseTool(text: string, ranges: boolean): ParsedDestination | { error: string } | null {
  if (!text.toLowerCase().startsWith(TOOL_PREFIX)) return null;
  const m = TOOL.exec(text);
  if (!m) return { error: `'${text}' is not an MCP tool: give tool:server/tool, tool:server/* or tool:tool` };
  const server = m[1] ?? null;
  const value = `${TOOL_PREFIX}${server ? `${server}/` : ''}${m[2]}`;
  if (m[2] !== '*') return { type: 'tool', value, server };
  if (!server) return { error: `'${text}': a tool pattern names its server (tool:server/*)` };
  if (!ranges) return { error: `'${text}' is a pattern; give one tool` };
  return { type: 'tool_pattern', value, server };
}

/** An application id: one label, no dots (a name with dots is read as a domain). */
const APP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

export interface DestinationOptions {
  /** Accept application ids (create_policy rules, evaluate_access); block/allow take network destinations only. */
  apps?: boolean;
  /** Accept CIDRs and *.patterns (rules); evaluate_access asks about one concrete destination. */
  ranges?: boolean;
}

/** The parsed destination, or an error message saying why it is not one (without the field name). */
export function parseDestination(raw: string, opts: DestinationOptions = {}): ParsedDestination | { error: string } {
  const text = raw.trim();
  const ranges = opts.ranges ?? true;
  const accepted = `${ranges ? 'an IP address, CIDR range (e.g. 185.234.0.0/16), domain or domain pattern (e.g. *.attacker-domain.ru)' : 'an IP address or domain name'}${opts.apps ? ' or app id' : ''}`;
  if (opts.apps) {
    const tool = parseTool(text, ranges);
    if (tool) return tool;
  }
  const p = parseIndicator(text);
  if (!('error' in p)) {
    switch (p.kind) {
      case 'ipv4': return { type: 'ip', value: p.value, v4: ipv4ToInt(p.value) };
      case 'ipv6': return { type: 'ip', value: p.value, v4: -1 };
      case 'domain': return { type: 'domain', value: p.value };
      case 'cidr4': case 'cidr6': {
        if (!ranges) return { error: `'${text}' is a range; give one address or name` };
        const [addr, len] = p.value.split('/');
        const prefix = Number(len);
        return p.kind === 'cidr4'
          ? { type: 'cidr', value: p.value, v4: true, prefix, net: ipv4ToInt(addr) }
          : { type: 'cidr', value: p.value, v4: false, prefix, net: ipv6Prefix(addr, prefix)! };
      }
      case 'domain_suffix':
        if (!ranges) return { error: `'${text}' is a pattern; give one address or name` };
        return { type: 'domain_pattern', value: p.value, suffix: p.value.slice(2) };
      default:
        return { error: `'${text}' is ${p.kind === 'url' ? 'a URL' : `a ${p.kind.toUpperCase()} hash`}, not ${accepted}` };
    }
  }
  if (opts.apps && APP_ID.test(text)) return { type: 'app', value: text };
  return { error: `'${text}' is not ${accepted} (${p.error})` };
}

/** How specific a destination is: exact beats any range; a longer prefix or pattern beats a shorter one. */
export function destinationRank(d: ParsedDestination | null): number {
  if (d === null) return 0;
  switch (d.type) {
    case 'ip': case 'domain': case 'app': case 'tool': return 1000;
    case 'tool_pattern': return 500;
    case 'cidr': return 100 + (d.v4 ? d.prefix * 4 : d.prefix);
    case 'domain_pattern': return 100 + d.suffix.split('.').length;
  }
}

/** Whether a concrete destination (IP or name) falls under a rule destination. */
export function destinationCovers(rule: ParsedDestination, target: ParsedDestination): boolean {
  switch (rule.type) {
    case 'ip': return target.type === 'ip' && target.value === rule.value;
    case 'domain': return target.type === 'domain' && target.value === rule.value;
    case 'app': case 'tool': return target.type === rule.type && target.value === rule.value;
    case 'tool_pattern': return (target.type === 'tool' || target.type === 'tool_pattern') && target.server === rule.server;
    case 'domain_pattern': {
      const name = target.type === 'domain' ? target.value : target.type === 'domain_pattern' ? target.suffix : null;
      // *.x.y covers names strictly below x.y (as the intel store reads it), and narrower patterns.
      return name !== null && name.length > rule.suffix.length && name.endsWith(`.${rule.suffix}`)
        || (target.type === 'domain_pattern' && target.suffix === rule.suffix);
    }
    case 'cidr': {
      if (target.type === 'ip') return rule.v4 ? target.v4 >= 0 && (target.v4 >>> (32 - rule.prefix)) === ((rule.net as number) >>> (32 - rule.prefix)) : target.v4 < 0 && ipv6Prefix(target.value, rule.prefix) === rule.net;
      if (target.type === 'cidr' && target.v4 === rule.v4 && target.prefix >= rule.prefix) {
        const addr = target.value.split('/')[0];
        return rule.v4 ? (ipv4ToInt(addr) >>> (32 - rule.prefix)) === ((rule.net as number) >>> (32 - rule.prefix)) : ipv6Prefix(addr, rule.prefix) === rule.net;
      }
      return false;
    }
  }
}

