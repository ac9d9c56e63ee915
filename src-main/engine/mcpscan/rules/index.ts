// Entry point of the MCP detection rules: every rule family run over one server listing, all local.
// `others` are the other servers the same client sees (for tool shadowing). User rules from a rules
// file (user-rules.ts) run next to the built-in ones when given.
import type { RuleFinding, ScannedServer } from '../types';
import { normalise, textFields } from './fields';
import { encodedPayloadFindings } from './encoded-payload';
import { hiddenCharacterFindings, paddingFindings } from './hidden-characters';
import { schemaFindings } from './schema-rules';
import { shadowingFindings } from './shadowing';
import { firstMatch, runTextRules, TEXT_RULES, type RunnableRule } from './text-rules';

export type DetectOptions = { userRules?: readonly RunnableRule[] };

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** True when decoded text would trip one of the instruction rules (used on decoded payloads). */
function looksInstructive(text: string): boolean {
  const n = normalise(text);
  return TEXT_RULES.some((r) => firstMatch(r.pattern, n) !== null);
}

export function detectFindings(server: ScannedServer, others: readonly ScannedServer[], options: DetectOptions = {}): RuleFinding[] {
  const fields = textFields(server);
  const findings = [
    ...runTextRules(TEXT_RULES, fields),
    ...runTextRules(options.userRules ?? [], fields),
    ...shadowingFindings(server, fields, others),
    ...hiddenCharacterFindings(fields),
    ...paddingFindings(fields),
    ...encodedPayloadFindings(fields, looksInstructive),
    ...schemaFindings(server),
  ];
  // Stable order: most severe first, then by location, so reports and diffs read the same every run.
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.pointer.localeCompare(b.pointer) || a.rule_id.localeCompare(b.rule_id));
}

export { TEXT_RULES } from './text-rules';
export { loadUserRules, parseUserRules,  } from './user-rules';
export { FAMILY_MAPPINGS } from './mappings';
