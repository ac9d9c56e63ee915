// One call for the scanner: the local rules (built-in and the user's) and, when configured, the local
// judge's additions. The rules never wait on the judge; a judge failure is reported, never fatal.
import { judgeFindings, type JudgeConfig } from './judge';
import { detectFindings } from './rules';
import type { RunnableRule } from './rules/text-rules';
import type { RuleFinding, ScannedServer } from './types';

export type DetectWithJudgeOptions = { userRules?: readonly RunnableRule[]; judge?: JudgeConfig | null; fetchImpl?: typeof fetch };

export async function detectWithJudge(
  server: ScannedServer,
  others: readonly ScannedServer[],
  options: DetectWithJudgeOptions = {},
): Promise<{ findings: RuleFinding[]; judgeErrors: string[] }> {
  const findings = detectFindings(server, others, options.userRules ? { userRules: options.userRules } : {});
  if (!options.judge) return { findings, judgeErrors: [] };
  const judged = await judgeFindings(server, options.judge, options.fetchImpl);
  // The judge only adds: a tool the rules already flagged as covert gets no second covert finding.
  const covered = new Set(findings.filter((f) => f.family === 'covert_instruction').map((f) => f.pointer));
  return { findings: [...findings, ...judged.findings.filter((f) => !covered.has(f.pointer))], judgeErrors: judged.errors };
}
