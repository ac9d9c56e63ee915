// Turns any value into the JSON text an audit row stores, without ever throwing: canonical JSON
// (RFC 8785) in full when it is small and shallow, else a bounded summary carrying the SHA-256 of the whole.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Larger texts are stored as their head plus the hash of the whole, so a hostile call cannot bloat the chain. */
const MAX_RECORDED_CHARS = 64 * 1024;
/** Deeper values are summarised too: every reader of the log (get_audit_log, export, the console) can then parse and print them. */
export const MAX_RECORDED_DEPTH = 64;
const RECORDED_HEAD_CHARS = 4096;

interface TruncatedValue {
  truncated: true;
  /** What made it too big to keep whole. */
  reason: 'size' | 'depth' | 'size and depth';
  /** Length of the whole canonical JSON text, in UTF-16 code units. */
  chars: number;
  max_depth: number;
  /** SHA-256 (hex) of the whole canonical JSON text in UTF-8: recompute it from the original with any RFC 8785 library. */
  sha256: string;
  /** The first characters of that text. */
  head: string;
}

/**
 * The canonical JSON text of `value`. canonicalize walks with an explicit stack rather than recursion,
 * so nesting depth costs heap, not call stack (JSON.stringify throws a RangeError around 10,000
 * levels), and the text (hence the hash) does not depend on key order. It refuses what RFC 8785 cannot
 * express (lone surrogates, NaN, cycles): those fall back to JSON.stringify's looser rules, and a value
 * neither can write is recorded as a note saying why.
 */
function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? 'null';
  } catch (strict) {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch (loose) {
      return JSON.stringify({ unserializable: true, reason: `${(strict as Error).message}; ${(loose as Error).message}` });
    }
  }
}

/** Deepest bracket nesting of a JSON text, read in one pass. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The text to store for `value`: whole when it fits, else a TruncatedValue with the hash of the whole. */
export function recordedJson(value: unknown): string {
  const text = canonicalJson(value);
  const depth = jsonDepth(text);
  const tooBig = text.length > MAX_RECORDED_CHARS;
  const tooDeep = depth > MAX_RECORDED_DEPTH;
  if (!tooBig && !tooDeep) return text;
  // Never cut a surrogate pair in half.
  let cut = Math.min(RECORDED_HEAD_CHARS, text.length);
  if (cut < text.length && /[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
  const summary: TruncatedValue = {
    truncated: true,
    reason: tooBig && tooDeep ? 'size and depth' : tooBig ? 'size' : 'depth',
    chars: text.length,
    max_depth: depth,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    head: text.slice(0, cut),
  };
  return JSON.stringify(summary);
}
