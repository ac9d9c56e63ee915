// Long base64 or hex blobs in a description that decode to readable text: a way to slip instructions
// past a reader (and past phrase rules). Decoded text is run through the phrase rules again.
import type { RuleFinding } from '../types';
import { excerpt, MAX_FIELD_CHARS, type TextField } from './fields';
import { mapped } from './mappings';

// Single character classes with a lower bound and a hard upper bound: linear, no nested quantifiers.
const BASE64 = /[A-Za-z0-9+/_-]{32,8192}={0,2}/g;
const HEX = /\b[0-9a-fA-F]{40,8192}\b/g;
const MAX_BLOBS_PER_FIELD = 20;

function printableShare(s: string): number {
  if (s.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) ok++;
  }
  return ok / s.length;
}

function decode(blob: string, kind: 'base64' | 'hex'): string | null {
  if (kind === 'hex' && blob.length % 2 !== 0) return null;
  const buf = kind === 'hex' ? Buffer.from(blob, 'hex') : Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const text = buf.toString('latin1');
  // Readable prose: mostly printable, with spaces between words (rules out random keys and hashes).
  if (printableShare(text) < 0.95 || !/[a-z]{3,} [a-z]{2,}/i.test(text)) return null;
  return text;
}

export function encodedPayloadFindings(fields: readonly TextField[], recheck: (decoded: string) => boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const field of fields) {
    if (field.kind === 'param_name' || field.kind === 'tool_name') continue;
    const text = field.text.slice(0, MAX_FIELD_CHARS);
    let best: { blob: string; decoded: string; instructive: boolean } | null = null;
    for (const [re, kind] of [[HEX, 'hex'], [BASE64, 'base64']] as const) {
      re.lastIndex = 0;
      let n = 0;
      for (let m = re.exec(text); m && n < MAX_BLOBS_PER_FIELD; m = re.exec(text), n++) {
        const decoded = decode(m[0], kind);
        if (!decoded) continue;
        const instructive = recheck(decoded);
        if (!best || (instructive && !best.instructive)) best = { blob: m[0], decoded, instructive };
      }
      re.lastIndex = 0;
    }
    if (!best) continue;
    out.push({
      rule_id: best.instructive ? 'MCP-EP-001' : 'MCP-EP-002',
      family: 'encoded_payload',
      severity: best.instructive ? 'critical' : 'medium',
      tool: field.tool,
      pointer: field.pointer,
      matched: `${excerpt(best.blob, 60)} → "${excerpt(best.decoded, 120)}"`,
      explanation: best.instructive
        ? 'An encoded blob in the text decodes to instructions aimed at the model; encoding hides them from a human reader.'
        : 'An encoded blob in the text decodes to readable text; a description has little reason to carry encoded prose.',
      ...mapped('encoded_payload'),
    });
  }
  return out;
}
