// Characters a user cannot see but the model reads: zero-width, Unicode tag characters (U+E0000 block,
// which can spell out a whole hidden ASCII instruction) and bidirectional overrides that reorder what
// is displayed. Reported with exact positions (UTF-16 offsets into the field) and, for tag characters,
// the hidden text they spell. A single pass over code points: linear in the field.
import type { RuleFinding } from '../types';
import { excerpt, type TextField } from './fields';
import { mapped } from './mappings';

/** Hidden characters are looked for in the whole field up to this size (a plain loop, no regex). */
const MAX_SCAN_CHARS = 1024 * 1024;
const MAX_POSITIONS = 20;

type Kind = 'zero_width' | 'tag' | 'bidi';

function classify(cp: number): Kind | null {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff || cp === 0x180e || cp === 0x034f || cp === 0x115f || cp === 0x1160 || cp === 0x3164) return 'zero_width';
  return null;
}

const RULES: Record<Kind, { id: string; severity: RuleFinding['severity']; explanation: string }> = {
  tag: {
    id: 'MCP-HC-001',
    severity: 'critical',
    explanation: 'Invisible Unicode tag characters (U+E0000 block) spell out text that the model reads but no user interface shows.',
  },
  bidi: {
    id: 'MCP-HC-002',
    severity: 'high',
    explanation: 'Bidirectional control characters change the order in which text is displayed, so what the user reads differs from what the model reads.',
  },
  zero_width: {
    id: 'MCP-HC-003',
    severity: 'medium',
    explanation: 'Zero-width or invisible characters are hidden in the text; they can split words to dodge filters or hide a payload.',
  },
};

const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

export function hiddenCharacterFindings(fields: readonly TextField[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const field of fields) {
    const text = field.text.length > MAX_SCAN_CHARS ? field.text.slice(0, MAX_SCAN_CHARS) : field.text;
    const found: Record<Kind, { positions: string[]; count: number; spelled: string }> = {
      tag: { positions: [], count: 0, spelled: '' },
      bidi: { positions: [], count: 0, spelled: '' },
      zero_width: { positions: [], count: 0, spelled: '' },
    };
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const kind = classify(cp);
      if (kind) {
        const f = found[kind];
        f.count++;
        if (f.positions.length < MAX_POSITIONS) f.positions.push(`${hex(cp)}@${i}`);
        if (kind === 'tag' && cp >= 0xe0020 && cp <= 0xe007e && f.spelled.length < 200) f.spelled += String.fromCharCode(cp - 0xe0000);
      }
      if (cp > 0xffff) i++;
    }
    for (const kind of ['tag', 'bidi', 'zero_width'] as const) {
      const f = found[kind];
      if (f.count === 0) continue;
      const rule = RULES[kind];
      const more = f.count > f.positions.length ? ` (+${f.count - f.positions.length} more)` : '';
      const spelled = f.spelled ? `; hidden text: "${excerpt(f.spelled, 120)}"` : '';
      out.push({
        rule_id: rule.id,
        family: 'hidden_characters',
        severity: rule.severity,
        tool: field.tool,
        pointer: field.pointer,
        matched: `${f.count} character(s) at ${f.positions.join(', ')}${more}${spelled}`,
        explanation: rule.explanation,
        ...mapped('hidden_characters'),
      });
    }
  }
  return out;
}

/** Long runs of blank padding push the rest of a description off-screen in most clients. */
export function paddingFindings(fields: readonly TextField[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const run = /[ \u00a0\u2000-\u200a\u3000\u00b7]{120}/; // fixed-length class run: linear scan
  for (const field of fields) {
    if (field.kind === 'param_name' || field.kind === 'tool_name') continue;
    const text = field.text.slice(0, MAX_SCAN_CHARS);
    const m = run.exec(text);
    if (!m) continue;
    out.push({
      rule_id: 'MCP-HC-004',
      family: 'hidden_characters',
      severity: 'medium',
      tool: field.tool,
      pointer: field.pointer,
      matched: `${m[0].length}+ blank or filler characters at offset ${m.index}`,
      explanation: 'A long run of blank or filler characters pushes the rest of the text out of view in most clients, hiding it from the user but not from the model.',
      ...mapped('hidden_characters'),
    });
  }
  return out;
}
