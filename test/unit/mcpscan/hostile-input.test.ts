// No rule can hang on a hostile description: 1 MB inputs built to make backtracking regexes explode
// (long runs of each rule's prefix words without the ending it waits for) are scanned end to end, and
// every built-in pattern is also run directly on the full 1 MB strings, bypassing the per-field cap.
// The test passes by completing within the test timeout; nothing here asserts a timing.
import { describe, expect, it } from 'vitest';
import { detectFindings, TEXT_RULES } from '../../../src-main/engine/mcpscan/rules';
import { serverOf } from '../../bench/mcpscan-corpus';

const MB = 1024 * 1024;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const HOSTILE: Record<string, string> = {
  letters: fill('a'),
  spaces: fill(' '),
  tabsAndNewlines: fill(' \t\n'),
  negations: fill("do not don't never "),
  tellNoUser: fill('do not tell '),
  ignoreChain: fill('ignore all previous '),
  sendNoTarget: fill('send the data to '),
  readNoSecret: fill('read the file '),
  beforeUsing: fill('before using this tool '),
  otherwise: fill('otherwise the '),
  tags: fill('<important '),
  brackets: fill('[system '),
  veryVery: fill('very '),
  base64Almost: fill('QUFB') + '!',
  hexAlmost: fill('ab') + 'z',
  snakeCase: fill('when the a_b_c_d_e_f_g_h '),
  zeroWidth: fill('\u200b'),
  tagChars: fill(String.fromCodePoint(0xe0041)),
  emailish: fill('a.b-c_d@'),
};

describe('hostile 1 MB descriptions', () => {
  it('a full scan of a server whose every field is hostile completes', () => {
    const tools = Object.entries(HOSTILE).map(([name, description]) => ({
      name,
      description,
      inputSchema: { type: 'object', properties: { [name]: { type: 'string', description } } },
    }));
    const server = { ...serverOf('hostile', tools), instructions: HOSTILE.tellNoUser! };
    const others = [serverOf('other', [{ name: 'a_b_c_d', description: 'x', inputSchema: {} }])];
    const findings = detectFindings(server, others);
    // Hidden characters are found across the whole field (a plain loop), tag characters spelled out.
    expect(findings.some((f) => f.tool === 'tagChars' && f.rule_id === 'MCP-HC-001')).toBe(true);
    expect(findings.some((f) => f.tool === 'zeroWidth' && f.rule_id === 'MCP-HC-003')).toBe(true);
  }, 120_000);

  it.each(TEXT_RULES.map((r) => [r.id, r] as const))('%s completes on every 1 MB hostile string without the field cap', (_id, rule) => {
    // Passing means finishing within the timeout: a backtracking blow-up on 1 MB would run for hours.
    const scanned: string[] = [];
    for (const [name, text] of Object.entries(HOSTILE)) {
      rule.pattern.lastIndex = 0;
      rule.pattern.exec(text);
      rule.pattern.lastIndex = 0;
      scanned.push(name);
    }
    expect(scanned).toEqual(Object.keys(HOSTILE));
  }, 120_000);
});
