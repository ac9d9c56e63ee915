// Plain indicator lists (blocklists, ipsets, hash lists): one indicator a line; '#' or ';' starts a
// comment line, and a trailing comment after whitespace; blank lines are ignored. Only the first
// word of a line counts, except in hosts-file lines ("0.0.0.0 evil.com"), where the name does.
import { emptyFeed, type ParseOptions, type ParsedFeed } from './feed-format';

const SINKHOLES = new Set(['0.0.0.0', '127.0.0.1', '::', '::1']);

export function parsePlainList(text: string, opts: ParseOptions): ParsedFeed {
  const feed = emptyFeed();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let t = lines[i].trim();
    if (i === 0 && t.charCodeAt(0) === 0xfeff) t = t.slice(1).trim();
    if (t === '' || t[0] === '#' || t[0] === ';' || t.startsWith('//')) continue;
    const comment = t.search(/\s[#;]/);
    if (comment >= 0) t = t.slice(0, comment).trimEnd();
    const words = t.split(/\s+/);
    const value = words.length > 1 && SINKHOLES.has(words[0]) ? words[1] : words[0];
    feed.records.push({ value, reputation: opts.reputation, categories: [], threat_actors: [], line: i + 1 });
  }
  return feed;
}
