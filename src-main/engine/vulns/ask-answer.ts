// The patch query's answer: the parsed filter run against the patch list, told in 2–4 plain sentences that
// cite CVE ids with their priority, due date and what on the stack they affect. Deterministic and local:
// it works without any model or API key.
import type { Patch, PatchFilter } from '@shared/contract/operations/vulns-schemas';

const day = (iso: string) => iso.slice(0, 10);

function describeFilter(f: PatchFilter): string {
  const parts: string[] = [f.status === 'closed' ? 'closed' : f.status === 'all' ? 'open or closed' : f.status && f.status !== 'open' ? f.status : 'open'];
  if (f.severity?.length) parts.push(f.severity.join(' or '));
  if (f.products?.length) parts.push(f.products.join('/'));
  let text = `${parts.join(' ')} CVEs`;
  if (f.ecosystem) text += ` in ${f.ecosystem}`;
  if (f.kev) text += ' in the CISA KEV catalogue';
  else if (f.exploited) text += ' known to be exploited';
  if (f.min_epss !== undefined) text += ` with EPSS ≥ ${f.min_epss}`;
  if (f.overdue) text += ' past their SLA';
  if (f.published_after) text += ` published since ${f.published_after}`;
  text += f.scope === 'stack' ? ' affecting your stack' : f.scope === 'all' ? '' : ' (AI-relevant or on your stack)';
  return text;
}

function due(p: Patch): string {
  if (p.status !== 'open' && p.status !== 'investigating') return `marked ${p.status}`;
  return p.sla.overdue ? `overdue since ${day(p.sla.due)}${p.sla.basis === 'kev' ? ' (KEV due date)' : ''}` : `due ${day(p.sla.due)}${p.sla.basis === 'kev' ? ' (KEV due date)' : ''}`;
}

function stackText(p: Patch): string {
  const m = p.matches[0];
  if (!m) return 'not on your stack';
  return `your ${m.technology}${m.version ? ` ${m.version}` : ''} (${m.rule}${m.confidence === 'low' ? ', low confidence' : ''})`;
}

export function composeAnswer(filter: PatchFilter, patches: readonly Patch[], total: number): string {
  const what = describeFilter(filter);
  if (total === 0 || patches.length === 0) {
    return `No ${what} were found in the imported feeds. Widen the question (another product, no time window, status all) or import newer feeds to check again.`;
  }
  const [first, ...rest] = patches;
  const b = first.breakdown;
  const sentences: string[] = [];
  sentences.push(`${total} ${what} match; the most important is ${first.cve_id} (priority ${first.priority}: CVSS ${b.cvss.points}, stack ${b.stack.points}, EPSS ${b.epss.points}, age ${b.age.points}), ${due(first)}, affecting ${stackText(first)}.`);
  if (rest.length) {
    const list = rest.map((p) => `${p.cve_id} (${p.priority}${p.sla.overdue && (p.status === 'open' || p.status === 'investigating') ? ', overdue' : ''})`);
    sentences.push(`Next by priority: ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0]}.`);
  }
  const kev = patches.filter((p) => p.kev);
  const overdue = patches.filter((p) => p.sla.overdue && (p.status === 'open' || p.status === 'investigating'));
  if (kev.length) sentences.push(`${kev.map((p) => p.cve_id).join(', ')} ${kev.length === 1 ? 'is' : 'are'} in the CISA KEV catalogue (known exploited).`);
  else if (overdue.length) sentences.push(`${overdue.length} of these ${overdue.length === 1 ? 'is' : 'are'} past the SLA due date.`);
  const title = first.title ?? first.description;
  if (sentences.length < 4 && title) {
    const text = title.replace(/\s+/g, ' ').trim();
    const cut = text.length > 180 ? `${text.slice(0, 180)}…` : text;
    sentences.push(`${first.cve_id}: ${/[.!?…]$/.test(cut) ? cut : `${cut}.`}`);
  }
  return sentences.slice(0, 4).join(' ');
}
