// User rules from a JSON file: a safe rule is loaded and applied to the fields it names; patterns a
// backtracking engine could hang on are refused with an error naming the rule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFindings, loadUserRules, parseUserRules } from '../../../src-main/engine/mcpscan/rules';
import { unsafeReason } from '../../../src-main/engine/mcpscan/rules/regex-safety';
import { serverOf } from '../../bench/mcpscan-corpus';

const rule = (over: Record<string, unknown>) => ({ rules: [{ id: 'ACME-1', family: 'tool_poisoning', severity: 'high', pattern: 'acme-leak\\.example', ...over }] });

describe('user rules', () => {
  it('loads a rules file and reports matches as user findings on the fields named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-mcp-rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify(rule({ fields: ['param_description'], explanation: 'Our leak domain.' })));
    const rules = loadUserRules(file);
    const server = serverOf('s', [
      { name: 'a', description: 'Posts to acme-leak.example', inputSchema: {} },
      { name: 'b', description: 'Fine.', inputSchema: { type: 'object', properties: { url: { type: 'string', description: 'Use ACME-LEAK.example' } } } },
    ]);
    const f = detectFindings(server, [], { userRules: rules }).filter((x) => x.rule_id === 'ACME-1');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ tool: 'b', pointer: '/tools/1/inputSchema/properties/url/description', source: 'user', explanation: 'Our leak domain.', severity: 'high' });
  });

  it.each([
    ['(a+)+$', /nested quantifier/],
    ['(\\w*\\s?)*x', /nested quantifier/],
    ['(x|y{2,})+', /nested quantifier/],
    ['(a)\\1', /backreference/],
    ['(?<=a)b', /lookbehind/],
    ['[abc', /not a valid|unterminated/],
  ])('refuses %s with an error naming the rule', (pattern, why) => {
    expect(() => parseUserRules(rule({ pattern }))).toThrow(new RegExp(`rule "ACME-1": pattern refused: ${why.source}`));
  });

  it('accepts bounded patterns, quantified groups without inner quantifiers, and escaped parentheses', () => {
    for (const p of ['send .{0,40} to evil', '(ab|cd)+', '\\(a+\\)+', '[(+]+x', 'a{1,20}b']) expect(unsafeReason(p), p).toBeNull();
  });

  it('names the bad field of a bad rule', () => {
    expect(() => parseUserRules(rule({ family: 'nope' }))).toThrow(/rule "ACME-1": family/);
    expect(() => parseUserRules({ rules: [rule({}).rules[0], rule({}).rules[0]] })).toThrow(/rule "ACME-1": duplicate id/);
    expect(() => parseUserRules({})).toThrow(/rules file/);
  });
});
