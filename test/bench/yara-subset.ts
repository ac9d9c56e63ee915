// TEST-ONLY adapter (never shipped): a small interpreter for the subset of YARA the Cisco mcp-scanner
// rules use on tool descriptions — `strings:` of the form `$name = /regex/flags` and `condition:`
// boolean expressions over `$name` with and / or / not and parentheses. Anything outside that subset
// throws, so the side-by-side baseline cannot silently drop a rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type YaraRule = { name: string; strings: Map<string, RegExp>; condition: string };

function parseYaraFile(text: string): YaraRule[] {
  const rules: YaraRule[] = [];
  const noComments = text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
  const ruleRe = /rule\s+([A-Za-z0-9_]+)\s*\{/g;
  for (let m = ruleRe.exec(noComments); m; m = ruleRe.exec(noComments)) {
    const start = m.index + m[0].length;
    const stringsAt = noComments.indexOf('strings:', start);
    const conditionAt = noComments.indexOf('condition:', start);
    if (stringsAt < 0 || conditionAt < 0) throw new Error(`yara rule ${m[1]}: no strings/condition section`);
    const strings = new Map<string, RegExp>();
    for (const line of noComments.slice(stringsAt + 8, conditionAt).split('\n')) {
      const t = line.trim();
      if (!t) continue;
      const s = /^\$([A-Za-z0-9_]+)\s*=\s*\/(.*)\/([is]*)$/.exec(t);
      if (!s) throw new Error(`yara rule ${m[1]}: unsupported string line: ${t.slice(0, 80)}`);
      strings.set(s[1]!, new RegExp(s[2]!, s[3]!.includes('i') ? 'i' : ''));
    }
    // The condition runs to the rule's closing brace (conditions here contain no braces).
    const end = noComments.indexOf('}', conditionAt);
    rules.push({ name: m[1]!, strings, condition: noComments.slice(conditionAt + 10, end).trim() });
  }
  return rules;
}

/** Evaluates a condition (and / or / not / parentheses / $name) given which strings matched. */
export function evaluateCondition(condition: string, matched: (name: string) => boolean): boolean {
  const tokens = condition.match(/\(|\)|\$[A-Za-z0-9_]+|\band\b|\bor\b|\bnot\b|\S+/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      const v = orExpr();
      if (tokens[i++] !== ')') throw new Error('yara condition: missing )');
      return v;
    }
    if (t === 'not') return !primary();
    if (t?.startsWith('$')) return matched(t.slice(1));
    throw new Error(`yara condition: unsupported token ${t}`);
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (peek() === 'and') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (peek() === 'or') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  const v = orExpr();
  if (i !== tokens.length) throw new Error(`yara condition: trailing tokens from ${tokens[i]}`);
  return v;
}

export function loadYaraDir(dir: string): YaraRule[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yara'))
    .sort()
    .flatMap((f) => parseYaraFile(readFileSync(join(dir, f), 'utf8')));
}

/** Names of the rules that fire on a text. */
export function yaraMatches(rules: readonly YaraRule[], text: string): string[] {
  return rules
    .filter((r) => {
      const cache = new Map<string, boolean>();
      return evaluateCondition(r.condition, (name) => {
        const re = r.strings.get(name);
        if (!re) throw new Error(`yara rule ${r.name}: condition names unknown string $${name}`);
        let hit = cache.get(name);
        if (hit === undefined) cache.set(name, (hit = re.test(text)));
        return hit;
      });
    })
    .map((r) => r.name);
}
