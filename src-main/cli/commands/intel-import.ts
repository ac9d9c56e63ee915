// `threatmatic intel import FILE`: load indicators from a STIX 2.1 bundle, MISP event, CSV or plain list
// (the intel.import operation).
import { dispatch } from '../../engine/dispatch';
import { isReputation } from '../../engine/intel/reputation';
import { CliUsageError, stringOpt, type CliCommand } from '../command';
import { keyValues, table } from '../format';

export const intelImportCommand: CliCommand = {
  name: 'intel import',
  summary: 'Import threat-intel indicators (STIX 2.1, MISP, CSV or a plain list) into the local store',
  args: 'FILE',
  minArgs: 1,
  maxArgs: 1,
  options: {
    feed: { type: 'string', description: 'Feed name (default: the file name without extension); re-importing a feed updates it', valueName: 'NAME' },
    format: { type: 'string', description: 'stix, misp, csv or plain (default: detected from the content)', valueName: 'F' },
    category: { type: 'string', description: 'Add this category to every indicator of the file', valueName: 'C' },
    reputation: { type: 'string', description: 'Verdict for entries whose source states none: malicious (default), suspicious, unknown, benign', valueName: 'R' },
    replace: { type: 'boolean', description: "Drop the feed's earlier indicators this file no longer lists" },
  },
  details: `Formats:
  stix   STIX 2.1 bundle: indicator patterns on ipv4-addr, ipv6-addr, domain-name, url and file hashes;
         threat actors from relationships; infrastructure observables
  misp   MISP event JSON: ip-dst/ip-src, domain, hostname, domain|ip, url, md5/sha1/sha256, filename|hash
  csv    header with an indicator (or value/ioc) column; optional type, reputation, categories,
         threat_actors, first_seen, last_seen
  plain  one indicator a line; '#' and ';' comments; defanged values (hxxp, [.]) are accepted
Indicators: IPv4/IPv6, CIDR, domains, *.suffix patterns (every subdomain, not the domain itself),
URLs, MD5/SHA-1/SHA-256. Bad entries are reported with their line and skipped; good ones are kept.

Example: threatmatic intel import feodo.ipset --feed feodo --category botnet_c2`,
  run(ctx) {
    const reputation = stringOpt(ctx, 'reputation');
    if (reputation !== undefined && !isReputation(reputation)) throw new CliUsageError(`--reputation must be malicious, suspicious, unknown or benign, got '${reputation}'`);
    const s = dispatch(ctx.engine(), 'intel.import', {
      path: ctx.positionals[0],
      feed: stringOpt(ctx, 'feed'),
      format: stringOpt(ctx, 'format'),
      category: stringOpt(ctx, 'category'),
      reputation,
      replace: ctx.values.replace === true,
    }, ctx.call);
    ctx.emit(s, () => {
      const head = keyValues({
        feed: s.feed,
        format: s.format,
        imported: s.distinct === s.imported ? s.imported : `${s.imported} (${s.distinct} distinct)`,
        new_indicators: s.new_indicators,
        updated: s.updated,
        ...(s.withdrawn ? { withdrawn: s.withdrawn, removed: s.removed } : {}),
        by_kind: Object.entries(s.by_kind).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
        skipped: Object.entries(s.skipped).map(([k, n]) => `${k}: ${n}`).join('; ') || '-',
        rejected: s.rejected_count,
        feed_indicators: s.feed_indicators,
      });
      const shown = s.rejected.slice(0, 20);
      const more = s.rejected_count > shown.length ? `\n… and ${s.rejected_count - shown.length} more (use --json for up to 1000)` : '';
      return shown.length ? `${head}\n\nRejected entries:\n${table(shown.map((r) => ({ line: r.line, reason: r.reason })), ['line', 'reason'])}${more}` : head;
    });
    // Everything refused and nothing kept: the file was not what it claimed to be.
    return s.imported === 0 && s.rejected_count > 0 ? 2 : 0;
  },
};
