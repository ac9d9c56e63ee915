// The patch query bar's local parser: 33 questions, each with the whole filter and the number of CVEs the
// answer should name. The filter is what the console shows back to the user, so every field matters:
// an extra product or a missing scope would change the answer.
import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../../src-main/engine/vulns/ask-parser';

const NOW = Date.parse('2026-12-07T09:00:00Z');
// Packages the feeds name, as the service passes them (langchain and mlflow are also in the AI catalogue).
const KNOWN = ['langchain', 'linux-kernel', 'postgresql', 'mlflow'];
const base = { scope: 'ai', status: 'open', sort: 'priority' };

const CASES: [string, Record<string, unknown>, number?][] = [
  ['what langchain patches matter most right now?', { products: ['langchain'] }],
  ['what linux patches matter most right now?', { products: ['linux'] }],
  ['Which critical CVEs affect our stack?', { scope: 'stack', severity: ['critical'] }],
  ['show me high or critical vulnerabilities in llama-index', { products: ['llama-index'], severity: ['critical', 'high'] }],
  ['any known exploited vulnerabilities on my stack?', { scope: 'stack', kev: true }],
  ['what is in the CISA KEV catalogue that we run?', { scope: 'stack', kev: true }],
  ['which CVEs are overdue?', { overdue: true }],
  ['what patches are past their SLA?', { overdue: true }],
  ['new critical CVEs this week', { severity: ['critical'], published_after: '2026-11-30' }],
  ['vulnerabilities published in the last 30 days', { published_after: '2026-11-07' }],
  ['mlflow CVEs since 2024', { products: ['mlflow'], published_after: '2024-01-01' }],
  ['top 3 patches for gradio', { products: ['gradio'] }, 3],
  ['the single most important patch', {}, 1],
  ['python vulnerabilities likely to be exploited', { ecosystem: 'PyPI', min_epss: 0.1 }],
  ['npm packages with critical issues', { ecosystem: 'npm', severity: ['critical'] }],
  ['which torch and transformers CVEs are actively exploited?', { products: ['torch', 'transformers'], exploited: true }],
  ['what have we already fixed?', { status: 'closed' }],
  ['show CVEs under investigation', { status: 'investigating' }],
  ["which ones did we mark won't fix?", { status: 'wont_fix' }],
  ['which patches are due soon?', { sort: 'due' }],
  ['newest CVEs for ollama', { products: ['ollama'], sort: 'published' }],
  ['highest cvss vulnerabilities in the stack', { scope: 'stack', sort: 'cvss' }],
  ['cves with epss above 0.5', { min_epss: 0.5 }],
  ['medium severity langflow issues', { products: ['langflow'], severity: ['medium'] }],
  ['low severity cves affecting us', { scope: 'stack', severity: ['low'] }],
  ['all cves for postgresql', { scope: 'all', products: ['postgresql'] }],
  ['what should I prioritize in pytorch?', { products: ['torch'] }],
  ['are any of our vector stores like chromadb vulnerable?', { products: ['chromadb'] }],
  ['which langchain-experimental vulnerabilities are still not patched?', { products: ['langchain-experimental'] }],
  ['severe ray vulnerabilities in the past 2 months', { products: ['ray'], severity: ['critical', 'high'], published_after: '2026-10-08' }],
  ['what llama index patches matter most this month?', { products: ['llama-index'], published_after: '2026-11-07' }],
  ['critical KEV entries past due', { severity: ['critical'], kev: true, overdue: true }],
  ['what gradio and mlflow vulnerabilities are exploited in the wild this year?', { products: ['gradio', 'mlflow'], exploited: true, published_after: '2026-01-01' }],
];

describe('patch question parser', () => {
  it('has at least 30 questions', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const [question, expected, limit] of CASES) {
    it(question, () => {
      const parsed = parseQuestion(question, NOW, KNOWN);
      expect(parsed.filter).toEqual({ ...base, ...expected });
      expect(parsed.limit).toBe(limit ?? 5);
      // What it understood is said for every field it set beyond the defaults.
      expect(parsed.understood.length).toBeGreaterThanOrEqual(Object.keys(expected).length);
    });
  }

  it('is deterministic and needs no network: the same question twice gives the same filter', () => {
    const q = 'what langchain patches matter most right now?';
    expect(parseQuestion(q, NOW, KNOWN)).toEqual(parseQuestion(q, NOW, KNOWN));
  });
});
