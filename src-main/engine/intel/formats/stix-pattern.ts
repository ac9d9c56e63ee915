// STIX 2.1 patterning, as far as an indicator store needs it: the equality (and IN / ISSUBSET)
// comparisons on addresses, domains, URLs and file hashes, which OR'ed together each make one
// indicator. Other comparisons (MATCHES, x509 fields, email subjects…) are reported as unsupported.
import type { IndicatorKind } from '@shared/domain/enums';

interface Observable {
  /** undefined: infer from the value (network-traffic refs may hold any address). */
  kind?: IndicatorKind;
  value: string;
}

export interface PatternResult {
  observables: Observable[];
  /** Why parts of the pattern were not turned into indicators. */
  unsupported: string[];
}

type Tok = { t: 'path' | 'str' | 'word' | 'op' | 'punct' | 'num'; v: string };

const QUOTED = "'(?:[^'\\\\]|\\\\.)*'";
const PATH = new RegExp(`[a-z0-9_-]+:(?:[a-z0-9_-]+|${QUOTED})(?:\\.(?:[a-z0-9_-]+|${QUOTED})|\\[(?:\\*|\\d+)\\])*`, 'iy');
const WORD = /[a-z_][a-z0-9_]*/iy;
const NUM = /-?\d+(?:\.\d+)?/y;

export class PatternError extends Error {}

function tokenize(p: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let depth = 0;
  const sticky = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(p);
    return m ? m[0] : null;
  };
  while (i < p.length) {
    const c = p[i];
    if (/\s/.test(c)) { i++; continue; }
    if ('[](),'.includes(c)) {
      if (c === '[') depth++;
      if (c === ']') depth--;
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    if (c === "'" || (/[thb]/.test(c) && p[i + 1] === "'")) {
      let j = c === "'" ? i + 1 : i + 2;
      let v = '';
      for (; j < p.length && p[j] !== "'"; j++) v += p[j] === '\\' ? p[++j] : p[j];
      if (j >= p.length) throw new PatternError(`unterminated string at position ${i}`);
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(p.slice(i, i + 2));
    if (op) { out.push({ t: 'op', v: op[1] }); i += op[1].length; continue; }
    const path = sticky(PATH);
    if (path) { out.push({ t: 'path', v: path }); i += path.length; continue; }
    const word = sticky(WORD);
    if (word) { out.push({ t: 'word', v: word.toUpperCase() }); i += word.length; continue; }
    const num = sticky(NUM);
    if (num) { out.push({ t: 'num', v: num }); i += num.length; continue; }
    // Stray punctuation between observations ("[…]." in some published bundles) changes nothing.
    if (depth === 0 && out.some((t) => t.t === 'punct' && t.v === ']')) { i++; continue; }
    throw new PatternError(`unexpected '${c}' at position ${i}`);
  }
  return out;
}

/** The indicator kind an object path carries; null when the store cannot match it. */
function pathKind(path: string): IndicatorKind | undefined | null {
  // 'ipv4addr' / 'ipv6addr' are a known misspelling in published example bundles.
  const p = path.toLowerCase().replace(/'/g, '').replace(/^ipv([46])addr:/, 'ipv$1-addr:');
  if (p === 'ipv4-addr:value') return 'ipv4';
  if (p === 'ipv6-addr:value') return 'ipv6';
  if (p === 'domain-name:value') return 'domain';
  if (p === 'url:value') return 'url';
  if (/^network-traffic:(src|dst)_ref\.value$/.test(p)) return undefined;
  const hash = /^(?:file|artifact):hashes\.(.+)$/.exec(p);
  if (hash) {
    const alg = hash[1].replace(/[-_]/g, '');
    return alg === 'md5' ? 'md5' : alg === 'sha1' ? 'sha1' : alg === 'sha256' ? 'sha256' : null;
  }
  return null;
}

interface Comparison { path: string; op: string; values: string[]; negated: boolean }

function comparisons(toks: Tok[]): { list: Comparison[]; hasAnd: boolean } {
  const list: Comparison[] = [];
  let hasAnd = false;
  for (let j = 0; j < toks.length; ) {
    const tk = toks[j];
    if (tk.t === 'word' && tk.v === 'AND') hasAnd = true;
    if (tk.t !== 'path') { j++; continue; }
    let k = j + 1;
    const negated = toks[k]?.t === 'word' && toks[k].v === 'NOT';
    if (negated) k++;
    const op = toks[k];
    if (!op || (op.t !== 'op' && op.t !== 'word')) throw new PatternError(`comparison on ${tk.v} has no operator`);
    k++;
    const values: string[] = [];
    if (toks[k]?.t === 'punct' && toks[k].v === '(') {
      for (k++; k < toks.length && !(toks[k].t === 'punct' && toks[k].v === ')'); k++) if (toks[k].t === 'str') values.push(toks[k].v);
      k++;
    } else if (toks[k] && toks[k].t !== 'punct') {
      values.push(toks[k].v);
      k++;
    } else throw new PatternError(`comparison on ${tk.v} has no value`);
    list.push({ path: tk.v, op: op.v, values, negated });
    j = k;
  }
  return { list, hasAnd };
}

/** Splits a pattern into its observation expressions ([...]) and extracts the matchable values. */
export function parseStixPattern(pattern: string): PatternResult {
  const toks = tokenize(pattern);
  const result: PatternResult = { observables: [], unsupported: [] };
  let depth = 0;
  let current: Tok[] = [];
  const observations: Tok[][] = [];
  for (const tk of toks) {
    if (tk.t === 'punct' && tk.v === '[') {
      if (depth++ === 0) current = [];
    } else if (tk.t === 'punct' && tk.v === ']') {
      if (--depth < 0) throw new PatternError("unbalanced ']'");
      if (depth === 0) observations.push(current);
    } else if (depth > 0) current.push(tk);
  }
  if (depth !== 0) throw new PatternError("unbalanced '['");
  // A bare comparison without brackets (seen in STIX 2.0-era examples) is read as one observation.
  if (observations.length === 0 && toks.some((t) => t.t === 'path')) observations.push(toks);
  if (observations.length === 0) throw new PatternError('no observation expression ([...])');

  for (const obs of observations) {
    const { list, hasAnd } = comparisons(obs);
    const usable = list.filter((c) => !c.negated && pathKind(c.path) !== null && (c.op === '=' || c.op === 'IN' || (c.op === 'ISSUBSET' && /addr:value$/i.test(c.path))));
    for (const c of list) if (!usable.includes(c)) result.unsupported.push(`${c.negated ? 'NOT ' : ''}${c.path} ${c.op}`);
    // Inside one observation, AND narrows the match; only a file hash stays exact on its own.
    const taken = hasAnd ? usable.filter((c) => ['md5', 'sha1', 'sha256'].includes(pathKind(c.path) ?? '')) : usable;
    if (hasAnd && taken.length < usable.length) {
      result.unsupported.push(`AND-combined conditions (${usable.filter((c) => !taken.includes(c)).map((c) => c.path).join(', ')}) cannot be matched as one indicator`);
    }
    for (const c of taken) for (const v of c.values) result.observables.push({ kind: pathKind(c.path) ?? undefined, value: v });
  }
  return result;
}
