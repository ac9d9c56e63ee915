// Suggested AI posture weights, from the deployment profile (the spec: "the AI advisor suggests optimal weights
// based on your deployment profile"). A dimension with nothing in use gets no weight (no MCP servers: no weight
// on MCP); one with data gets its default share scaled up by how much of it is exposed (agents with the trifecta
// or two legs, servers with open findings, high-risk shadow services); one without data yet keeps its default,
// since no data is not the same as no risk. Rounded to whole percents that sum to 100, each with its reason.
import { AI_POSTURE_DIMENSIONS, DEFAULT_AI_WEIGHTS, type AiPostureDimension } from '@shared/contract/operations/ai-posture';
import type { AiWeights } from './ai-posture-store';

export interface DeploymentProfile {
  agents: number; trifecta_agents: number; two_leg_agents: number;
  mcp_servers: number; mcp_scanned: boolean; servers_with_findings: number;
  shadow_assessed: boolean; shadow_open: number; shadow_high_risk: number;
}

const pct = (n: number) => `${Math.round(n * 100)}%`;

/** Whole percents summing to 100, by largest remainder (ties to the dimension's order). */
function toPercents(raw: Record<AiPostureDimension, number>): AiWeights {
  const total = AI_POSTURE_DIMENSIONS.reduce((s, d) => s + raw[d], 0);
  const exact = AI_POSTURE_DIMENSIONS.map((d) => ({ d, v: (raw[d] * 100) / total }));
  const out = Object.fromEntries(exact.map((e) => [e.d, Math.floor(e.v)])) as AiWeights;
  let left = 100 - AI_POSTURE_DIMENSIONS.reduce((s, d) => s + out[d], 0);
  for (const e of [...exact].sort((a, b) => (b.v - Math.floor(b.v)) - (a.v - Math.floor(a.v)))) {
    if (left-- <= 0) break;
    out[e.d]++;
  }
  return out;
}

export function suggestWeights(p: DeploymentProfile): { suggested: AiWeights; reasons: { dimension: AiPostureDimension; why: string }[] } {
  const raw = { ...DEFAULT_AI_WEIGHTS };
  const why: Record<AiPostureDimension, string> = { agent: '', mcp: '', shadow: '' };
  if (p.agents === 0) {
    raw.agent = 0;
    why.agent = 'No agents are registered: no weight on the Agent score until one is';
  } else {
    const exposure = Math.min(1, (p.trifecta_agents + 0.5 * p.two_leg_agents) / p.agents);
    raw.agent = DEFAULT_AI_WEIGHTS.agent * (1 + exposure);
    why.agent = `${p.agents} agent${p.agents > 1 ? 's' : ''}, ${p.trifecta_agents} with the lethal trifecta and ${p.two_leg_agents} with two legs: the default ${DEFAULT_AI_WEIGHTS.agent} raised by ${pct(exposure)} for that exposure`;
  }
  if (p.mcp_servers === 0) {
    raw.mcp = 0;
    why.mcp = 'No MCP servers in use: no weight on the MCP score';
  } else if (!p.mcp_scanned) {
    why.mcp = `${p.mcp_servers} MCP server${p.mcp_servers > 1 ? 's' : ''} registered but none scanned yet: the default ${DEFAULT_AI_WEIGHTS.mcp} until a scan says more`;
  } else {
    const exposure = p.servers_with_findings / p.mcp_servers;
    raw.mcp = DEFAULT_AI_WEIGHTS.mcp * (1 + exposure);
    why.mcp = `${p.servers_with_findings} of ${p.mcp_servers} MCP servers with open scan findings: the default ${DEFAULT_AI_WEIGHTS.mcp} raised by ${pct(exposure)}`;
  }
  if (!p.shadow_assessed) {
    why.shadow = `No shadow-AI discoveries yet (browser extension or Copilot logs): the default ${DEFAULT_AI_WEIGHTS.shadow}, since no data is not the same as no unapproved AI use`;
  } else {
    const exposure = Math.min(1, p.shadow_high_risk / 5);
    raw.shadow = DEFAULT_AI_WEIGHTS.shadow * (1 + exposure);
    why.shadow = `${p.shadow_open} open shadow-AI finding${p.shadow_open === 1 ? '' : 's'}, ${p.shadow_high_risk} high-risk: the default ${DEFAULT_AI_WEIGHTS.shadow} raised by ${pct(exposure)}`;
  }
  if (p.agents === 0 && p.mcp_servers === 0 && !p.shadow_assessed) return { suggested: { ...DEFAULT_AI_WEIGHTS }, reasons: AI_POSTURE_DIMENSIONS.map((d) => ({ dimension: d, why: `Nothing in use yet: the default ${DEFAULT_AI_WEIGHTS[d]}` })) };
  const suggested = toPercents(raw);
  return { suggested, reasons: AI_POSTURE_DIMENSIONS.map((d) => ({ dimension: d, why: `${suggested[d]}: ${why[d]}` })) };
}
