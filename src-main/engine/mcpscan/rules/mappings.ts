// Which OWASP LLM Top 10 (2025) entries and MITRE ATLAS techniques each rule family stands for, so every
// finding carries the same mappings. ATLAS ids are checked against ../shared/data/mitre-atlas in a test.
import type { RuleFamily, RuleFinding } from '../types';

export const FAMILY_MAPPINGS: Record<RuleFamily, { owasp_llm: string[]; atlas: string[] }> = {
  // LLM01 Prompt Injection; ATLAS: indirect prompt injection, poisoned agent tool.
  covert_instruction: { owasp_llm: ['LLM01'], atlas: ['AML.T0051.001', 'AML.T0011.002'] },
  // LLM01 + LLM06 Excessive Agency: the description steers what the agent does with its tools.
  tool_poisoning: { owasp_llm: ['LLM01', 'LLM06'], atlas: ['AML.T0051.001', 'AML.T0011.002', 'AML.T0053'] },
  // Orders about another server's tools: context poisoning across tools.
  tool_shadowing: { owasp_llm: ['LLM01', 'LLM06'], atlas: ['AML.T0051.001', 'AML.T0080', 'AML.T0053'] },
  // Text the user cannot see but the model reads: prompt obfuscation.
  hidden_characters: { owasp_llm: ['LLM01'], atlas: ['AML.T0068', 'AML.T0051.001'] },
  encoded_payload: { owasp_llm: ['LLM01'], atlas: ['AML.T0068', 'AML.T0051.001'] },
  // Parameters shaped to carry data out: LLM02 Sensitive Information Disclosure, exfiltration by tool call.
  exfiltration_schema: { owasp_llm: ['LLM02', 'LLM06'], atlas: ['AML.T0086', 'AML.T0057'] },
  // Reading keys and agent configuration.
  sensitive_access: { owasp_llm: ['LLM02', 'LLM06'], atlas: ['AML.T0083', 'AML.T0055', 'AML.T0098'] },
};

export function mapped(family: RuleFamily): Pick<RuleFinding, 'owasp_llm' | 'atlas'> {
  const m = FAMILY_MAPPINGS[family];
  return { owasp_llm: [...m.owasp_llm], atlas: [...m.atlas] };
}
