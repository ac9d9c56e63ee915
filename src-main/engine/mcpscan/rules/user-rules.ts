// User rules from a JSON file, run next to the built-in ones. Format (documented in docs/mcp-scan-rules.md):
// { "rules": [ { "id": "ACME-001", "family": "covert_instruction", "severity": "high",
//   "pattern": "send .{0,40} to acme-leak", "fields": ["description"], "explanation": "..." } ] }
// Patterns are matched case-insensitively against the normalised text (lower case, single spaces), and
// must pass the safety check (no nested quantifiers, no backreferences) so no rule can hang a scan.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FieldKind } from './fields';
import { unsafeReason } from './regex-safety';
import type { RunnableRule } from './text-rules';

const FAMILIES = ['covert_instruction', 'tool_poisoning', 'tool_shadowing', 'hidden_characters', 'encoded_payload', 'exfiltration_schema', 'sensitive_access'] as const;
const FIELDS = ['instructions', 'tool_name', 'title', 'description', 'param_name', 'param_description', 'prompt', 'resource'] as const satisfies readonly FieldKind[];

const userRuleSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'id: letters, digits, . _ - (up to 64)'),
  family: z.enum(FAMILIES),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  pattern: z.string().min(1),
  fields: z.array(z.enum(FIELDS)).min(1).optional(),
  explanation: z.string().max(500).optional(),
});
const userRulesFileSchema = z.object({ rules: z.array(userRuleSchema).max(500) });

export class UserRuleError extends Error {}

/** Parses and validates a rules document; every error names the rule (by id or index) and the field. */
export function parseUserRules(json: unknown): RunnableRule[] {
  const parsed = userRulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [, index, field] = issue.path;
    const rules = (json as { rules?: { id?: unknown }[] } | null)?.rules;
    const id = typeof index === 'number' && typeof rules?.[index]?.id === 'string' ? `rule "${rules[index].id}"` : `rules[${String(index ?? '')}]`;
    throw new UserRuleError(issue.path.length <= 1 ? `rules file: ${issue.message} at ${issue.path.join('.') || 'top level'}` : `${id}: ${String(field ?? '')} ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.rules.map((r) => {
    if (seen.has(r.id)) throw new UserRuleError(`rule "${r.id}": duplicate id`);
    seen.add(r.id);
    const why = unsafeReason(r.pattern);
    if (why) throw new UserRuleError(`rule "${r.id}": pattern refused: ${why}`);
    return {
      id: r.id,
      family: r.family,
      severity: r.severity,
      pattern: new RegExp(r.pattern, 'gi'),
      explanation: r.explanation ?? `Matched the user rule ${r.id}.`,
      ...(r.fields ? { fields: r.fields } : {}),
      source: 'user' as const,
    };
  });
}

export function loadUserRules(file: string): RunnableRule[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserRuleError(`rules file ${file}: ${(err as Error).message}`);
  }
  return parseUserRules(json);
}
