// The in-memory side of the indicator store: key → indicator id, plus one reputation byte per id.
// Full metadata stays in SQLite and is read by id only on lookup, so a million indicators fit in
// tens of megabytes and matching never touches the database.
import type { IndicatorKind } from '@shared/domain/enums';
import { canonicalIp, ipv4ToInt } from '../inventory/ip';
import { Cidr4Index } from './cidr4-index';
import { DigestTable } from './digest-table';
import { DomainIndex } from './domain-index';
import { Ipv4Table } from './ipv4-table';
import { Ipv6Index } from './ipv6-index';

export type KindCounts = Partial<Record<IndicatorKind, number>>;

export class MatchIndex {
  /** Reputation code by indicator id (see reputation.ts); 0 = no such indicator. */
  rep: Uint8Array;
  readonly ipv4: Ipv4Table;
  readonly cidr4 = new Cidr4Index();
  readonly ipv6 = new Ipv6Index();
  readonly domains = new DomainIndex();
  readonly md5: DigestTable;
  readonly sha1: DigestTable;
  readonly sha256: DigestTable;
  size = 0;

  constructor(expected: KindCounts = {}, maxId = 0) {
    this.rep = new Uint8Array(Math.max(1024, maxId + 1));
    this.ipv4 = new Ipv4Table(expected.ipv4 ?? 0);
    this.md5 = new DigestTable(16, expected.md5 ?? 0);
    this.sha1 = new DigestTable(20, expected.sha1 ?? 0);
    this.sha256 = new DigestTable(32, expected.sha256 ?? 0);
  }

  setRep(id: number, code: number): void {
    if (id >= this.rep.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.rep.length * 2));
      grown.set(this.rep);
      this.rep = grown;
    }
    this.rep[id] = code;
  }

  /** Adds one stored (canonical) indicator; URLs are not matched from telemetry and stay in SQLite. */
  add(id: number, kind: IndicatorKind, value: string, code: number): void {
    switch (kind) {
      case 'ipv4': this.ipv4.set(ipv4ToInt(value), id); break;
      case 'cidr4': {
        const slash = value.indexOf('/');
        this.cidr4.add(ipv4ToInt(value.slice(0, slash)), Number(value.slice(slash + 1)), id);
        break;
      }
      case 'ipv6': this.ipv6.addExact(value, id); break;
      case 'cidr6': {
        const slash = value.indexOf('/');
        this.ipv6.addPrefix(value.slice(0, slash), Number(value.slice(slash + 1)), id);
        break;
      }
      case 'domain': this.domains.addExact(value, id); break;
      case 'hostname': this.domains.addHost(value, id); break;
      case 'domain_suffix': this.domains.addSuffix(value.slice(2), id); break;
      case 'md5': this.md5.set(value, id); break;
      case 'sha1': this.sha1.set(value, id); break;
      case 'sha256': this.sha256.set(value, id); break;
      case 'url': return;
    }
    this.size++;
    this.setRep(id, code);
  }

  /** The most specific indicator for an address: the exact IP, else the longest containing prefix. */
  ipId(ip: string): number {
    const v4 = ipv4ToInt(ip);
    if (v4 >= 0) return this.ipv4Id(v4);
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is matched as the IPv4 address it carries.
    const mapped = ip.indexOf(':') >= 0 ? canonicalIp(ip) : null;
    return mapped !== null && ipv4ToInt(mapped) >= 0 ? this.ipv4Id(ipv4ToInt(mapped)) : this.ipv6Id(ip);
  }

  ipv4Id(v4: number): number {
    const exact = this.ipv4.get(v4);
    return exact !== 0 || this.cidr4.size === 0 ? exact : this.cidr4.find(v4);
  }

  ipv6Id(ip: string): number {
    if (this.ipv6.size === 0 || ip.indexOf(':') < 0) return 0;
    return this.ipv6.findExact(ip) || this.ipv6.findPrefix(ip);
  }

  /** Exact and containing-prefix ids separately (lookups report both). */
  ipParts(ip: string): { exact: number; prefix: number } {
    const v4 = ipv4ToInt(ip);
    if (v4 >= 0) return { exact: this.ipv4.get(v4), prefix: this.cidr4.size ? this.cidr4.find(v4) : 0 };
    return { exact: this.ipv6.findExact(ip), prefix: this.ipv6.findPrefix(ip) };
  }

  hashId(hex: string): number {
    switch (hex.length) {
      case 64: return this.sha256.get(hex);
      case 40: return this.sha1.get(hex);
      case 32: return this.md5.get(hex);
      default: return 0;
    }
  }

  /** Bytes held by the typed arrays (maps of strings come on top; the bench reports RSS). */
  get typedBytes(): number {
    return this.rep.byteLength + this.ipv4.bytes + this.cidr4.bytes + this.md5.bytesUsed + this.sha1.bytesUsed + this.sha256.bytesUsed;
  }
}
