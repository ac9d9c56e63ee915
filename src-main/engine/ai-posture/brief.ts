// The plain-English AI security brief: 4–8 sentences built from the AI posture's own figures and factors,
// with no model and no network, so the same data always gives the same words. Each sentence carries the
// factors it states (sources), so every claim can be traced back.
import type { AgentPosture, AiPosture } from '@shared/contract/operations/ai-posture';
import { gapScan } from './enforcement-gaps';

export interface BriefSentence { text: string; sources: string[] }

const DIM_NAMES = { agent: 'Agent', mcp: 'MCP', shadow: 'Shadow AI' } as const;
const BAND_WORDS = { high_risk: 'high risk', moderate: 'moderate', healthy: 'healthy' } as const;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildBrief(p: AiPosture, postures: readonly AgentPosture[]): { brief: string; sentences: BriefSentence[]; score: number | null } {
  const s: BriefSentence[] = [];
  const assessed = p.dimensions.filter((d) => d.assessed);
  const skipped = p.dimensions.filter((d) => !d.assessed);
  if (p.score === null) {
    s.push({ text: 'No AI posture score yet: no agents are registered and no MCP scan or shadow-AI data has been recorded.', sources: p.dimensions.map((d) => `dimension:${d.dimension}`) });
  } else {
    s.push({
      text: `The AI posture score is ${p.score} of 100 (${BAND_WORDS[p.band ?? 'healthy']}), from ${list(assessed.map((d) => `the ${DIM_NAMES[d.dimension]} score of ${d.score}`))}${skipped.length ? `; ${list(skipped.map((d) => DIM_NAMES[d.dimension]))} ${skipped.length === 1 ? 'is' : 'are'} not assessed yet, so ${skipped.length === 1 ? 'its' : 'their'} weight is shared out to the rest` : ''}.`,
      sources: ['score', ...p.dimensions.map((d) => `dimension:${d.dimension}`)],
    });
  }
  const ranked = [...postures].sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  if (ranked.length) {
    const low = ranked[0] as AgentPosture;
    const top = low.factors[0];
    s.push({
      text: `${plural(ranked.length, 'agent')} ${ranked.length === 1 ? 'is' : 'are'} registered; the lowest-scoring is ${low.name} at ${low.score}${top ? `, mainly because: ${top.why.replace(/;.*$/, '')}` : ''}.`,
      sources: [`agent:${low.agent_id}`, ...(top ? [`factor:${top.factor}`] : [])],
    });
  } else if (p.score !== null) {
    s.push({ text: 'No AI agents are registered yet.', sources: ['dimension:agent'] });
  }
  const tri = postures.filter((a) => a.risk_profile.static.complete || a.risk_profile.runtime?.complete);
  if (tri.length) {
    const first = tri[0] as AgentPosture;
    const t = first.risk_profile.static.complete ? first.risk_profile.static : (first.risk_profile.runtime as AgentPosture['risk_profile']['static']);
    const via = t.legs.map((l) => `${l.label} through ${l.tools.map((x) => x.tool).join(', ')}`);
    s.push({
      text: `${list(tri.slice(0, 3).map((a) => a.name))}${tri.length > 3 ? ` and ${tri.length - 3} more` : ''} ${tri.length === 1 ? 'has' : 'have'} the lethal trifecta; ${first.name} combines ${list(via)}.`,
      sources: tri.map((a) => `agent:${a.agent_id}:factor:lethal_trifecta`),
    });
  } else if (ranked.length) {
    s.push({ text: 'No agent combines all three legs of the lethal trifecta (private data, untrusted content and external communication).', sources: ['factor:lethal_trifecta'] });
  }
  const gaps = gapScan(postures, { limit: 2 }, p.assessed_at);
  if (gaps.summary.high_risk_pairs) {
    const n = gaps.summary.high_risk_pairs;
    s.push({
      text: gaps.total
        ? `${gaps.total} of ${plural(n, 'high-risk agent-tool pair')} ${gaps.total === 1 ? 'has' : 'have'} no enforcement rule; the most urgent: ${list(gaps.gaps.map((g) => `${g.agent_name}'s ${g.tool}`))}.`
        : `Every one of the ${plural(n, 'high-risk agent-tool pair')} is covered by an enforcement rule.`,
      sources: ['gap_scan', ...gaps.gaps.map((g) => `agent:${g.agent_id}:factor:uncovered_tool_pairs`)],
    });
  }
  const agentDim = p.dimensions.find((d) => d.dimension === 'agent');
  const next = agentDim?.factors.find((f) => f.factor !== 'lethal_trifecta' && f.factor !== 'trifecta_in_run');
  if (next) s.push({ text: `Next largest cost to the Agent score: ${next.factor.replace(/_/g, ' ')} (${next.why}).`, sources: [`dimension:agent:factor:${next.factor}`] });
  for (const d of assessed.filter((x) => x.dimension !== 'agent')) {
    const f = d.factors[0];
    s.push({ text: `The ${DIM_NAMES[d.dimension]} score is ${d.score}${f ? `; its top finding: ${f.why}` : ' with no open findings'}.`, sources: [`dimension:${d.dimension}`, ...(f ? [`factor:${f.factor}`] : [])] });
  }
  if (tri.length) {
    const first = tri[0] as AgentPosture;
    const t = first.risk_profile.static.complete ? first.risk_profile.static : (first.risk_profile.runtime as AgentPosture['risk_profile']['static']);
    s.push({ text: `Recommended first action: break ${first.name}'s trifecta at its cheapest leg: ${t.cheapest_reason}.`, sources: [`agent:${first.agent_id}:factor:lethal_trifecta`] });
  } else if (ranked.length && ranked[0]?.factors[0]) {
    const low = ranked[0];
    s.push({ text: `Recommended first action: fix ${low.name}'s ${(low.factors[0]?.factor ?? '').replace(/_/g, ' ')} (${low.factors[0]?.why}).`, sources: [`agent:${low.agent_id}`, `factor:${low.factors[0]?.factor}`] });
  } else {
    s.push({ text: 'Recommended first action: register your agents through the SDK so their tools and activity can be assessed.', sources: ['dimension:agent'] });
  }
  // Too little data for four sentences: say what is missing, dimension by dimension, before the action.
  const missing = skipped.map((d) => ({ text: `${DIM_NAMES[d.dimension]}: ${d.why}.`, sources: [`dimension:${d.dimension}`] }));
  while (s.length < 4 && missing.length) s.splice(s.length - 1, 0, missing.shift() as BriefSentence);
  const sentences = s.slice(0, 8);
  return { brief: sentences.map((x) => x.text).join(' '), sentences, score: p.score };
}
