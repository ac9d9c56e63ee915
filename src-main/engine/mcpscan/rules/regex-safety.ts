// Refuses user-supplied patterns that a backtracking engine could take exponential (or long
// polynomial) time on: backreferences, lookbehind, nested quantifiers (a quantified group that itself
// contains a quantifier, as in (a+)+ or (\w*\s?)*), and unbounded repeats beyond a size cap. The
// check is a small scan of the pattern's syntax, not a full regex parser; it errs on refusing.
const MAX_PATTERN_LENGTH = 500;
const MAX_REPEAT = 1000;

/** Returns why the pattern is unsafe, or null when it is accepted. */
export function unsafeReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed';
  if (/\(\?<[=!]/.test(pattern)) return 'lookbehind is not allowed';
  // Stack of open groups: whether each contains a quantifier (directly or in a nested group).
  const stack: boolean[] = [false];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') { stack.push(false); continue; }
    const q = quantifierAt(pattern, i);
    if (c === ')') {
      if (stack.length === 1) return 'unbalanced parenthesis';
      const inner = stack.pop()!;
      const next = quantifierAt(pattern, i + 1);
      if (next && inner && next.unbounded) return `nested quantifier: a group containing a quantifier is repeated by "${next.text}"`;
      if (next && inner && next.max > 1) return `nested quantifier: a group containing a quantifier is repeated by "${next.text}"`;
      if (inner || next) stack[stack.length - 1] = true;
      if (next) i += next.text.length;
      continue;
    }
    if (q) {
      if (q.max > MAX_REPEAT && !q.unbounded) return `repeat count above ${MAX_REPEAT}`;
      stack[stack.length - 1] = true;
      i += q.text.length - 1;
    }
  }
  if (inClass) return 'unterminated character class';
  if (stack.length !== 1) return 'unbalanced parenthesis';
  try {
    new RegExp(pattern);
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message})`;
  }
  return null;
}

type Quantifier = { text: string; max: number; unbounded: boolean };

function quantifierAt(p: string, i: number): Quantifier | null {
  const c = p[i];
  if (c === undefined) return null;
  const lazy = (t: string): string => (p[i + t.length] === '?' ? `${t}?` : t);
  if (c === '*' || c === '+') return { text: lazy(c), max: Infinity, unbounded: true };
  if (c === '?') return { text: lazy('?'), max: 1, unbounded: false };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 20));
    if (!m) return null;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { text: lazy(m[0]), max, unbounded: max === Infinity };
  }
  return null;
}
