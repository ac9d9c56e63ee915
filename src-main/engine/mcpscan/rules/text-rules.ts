// The built-in phrase rules: instructions aimed at the model rather than the user. Written for this
// product (not copied from any other scanner). Every pattern is linear-time on its input: no nested
// quantifiers over overlapping classes, every gap a bounded window ({0,N}), and each field is
// normalised and capped (MAX_FIELD_CHARS) before matching, so no description can make a rule hang.
import type { RuleFamily, RuleFinding, RuleSeverity } from '../types';
import { excerpt, normalise, type FieldKind, type TextField } from './fields';
import { mapped } from './mappings';

export type TextRule = {
  id: string;
  family: RuleFamily;
  severity: RuleSeverity;
  /** Applied to the normalised text (lower case, single spaces); must carry the `g` flag. */
  pattern: RegExp;
  explanation: string;
  /** Field kinds the rule reads; default: every free-text field (not names). */
  fields?: readonly FieldKind[];
};

const FREE_TEXT: readonly FieldKind[] = ['instructions', 'title', 'description', 'param_description', 'prompt', 'resource'];

// Small shared vocabularies, joined into patterns below. Alternations of literals only.
const TELL = "(?:tell|tells|telling|mention|mentioning|inform|informing|notify|notifying|reveal|revealing|disclose|disclosing|alert|alerting|show|explain|say|warn|let)";
const NEG = "(?:do not|don't|dont|never|must not|should not|shouldn't|without|avoid|no need to)";
const SECRET_PATHS =
  "(?:~/\\.ssh|\\.ssh/|id_rsa|id_ed25519|id_ecdsa|authorized_keys|known_hosts|\\.aws/credentials|\\.aws/config|\\.kube/config|\\.docker/config\\.json|mcp\\.json|claude_desktop_config\\.json|\\.cursor/|\\.env\\b|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|\\.gitconfig|/etc/passwd|/etc/shadow|\\.bash_history|\\.zsh_history|wallet\\.dat|keychain|private keys?|ssh keys?|api keys?|secret keys?|access tokens?|auth tokens?|credentials? files?|browser cookies|saved passwords)";
const READ = "(?:read|reads|reading|open|cat|load|fetch|retrieve|access|collect|gather|grab|extract|dump|include|attach|copy|get|obtain|harvest|scan)";
const SEND = "(?:send|sends|sending|forward|forwarding|upload|uploading|post|posting|transmit|transmitting|exfiltrate|exfiltrating|leak|leaking|relay|relaying|report back|pass|passing|bcc|cc)";

export const TEXT_RULES: readonly TextRule[] = [
  {
    id: 'MCP-CI-001',
    family: 'covert_instruction',
    severity: 'high',
    pattern: /<\/?\s?(?:important|system|instructions?|secret|hidden|admin|critical|note|notes|assistant|ai|model|llm|context|directive|override|prompt|sys)(?:[ _-][a-z]{1,20})?\s?>/g,
    explanation: 'The text carries a tag-style block (like <IMPORTANT> or <SYSTEM>) that addresses the AI model directly; a user reading the tool list rarely sees or expects it.',
  },
  {
    id: 'MCP-CI-002',
    family: 'covert_instruction',
    severity: 'high',
    pattern:
      /(?:\[|\b)(?:system|hidden|secret|internal|override|metadata|admin|developer|assistant|ai|model|llm|agent|important system|priority)[ _-](?:[a-z]{1,15}[ _-])?(?:directive|directives|instruction|instructions|override|prompt|command|commands|note|mode)(?:\]|\s?:)/g,
    explanation: 'The text contains a labelled directive (e.g. "SYSTEM NOTE:", "[HIDDEN INSTRUCTION]") meant for the model, not for the user.',
  },
  {
    id: 'MCP-CI-003',
    family: 'covert_instruction',
    severity: 'critical',
    pattern: new RegExp(
      `\\b${NEG} (?:[a-z']{1,12} ){0,3}?${TELL}\\b.{0,80}?\\b(?:the user|users?|the human|them|anyone)\\b|\\b(?:do not|don't|never) (?:mention|reveal|disclose|say) (?:that|this|it|any of this|what)\\b|\\b(?:keep|kept) (?:this|it|these|that) (?:[a-z]{1,12} )?(?:secret|hidden|confidential|private) from\\b|\\bwithout (?:the )?(?:user|user's|human's) (?:knowledge|knowing|noticing|awareness|consent|permission)|\\b(?:silently|secretly|covertly|quietly|invisibly) (?:[a-z]{1,12} ){0,2}?(?:read|send|call|invoke|forward|include|add|change|modify|replace|copy|upload|run|execute|collect)\\b|\\b(?:mere|just an?|only an?) implementation detail|\\bthe user (?:must|should|need|needs to|will) (?:not|never) (?:know|see|notice|be told|find out)`,
      'g',
    ),
    explanation: 'The text tells the model to hide what it does from the user ("do not tell the user", "silently", "a mere implementation detail"): the classic mark of a poisoned tool.',
  },
  {
    id: 'MCP-CI-004',
    family: 'covert_instruction',
    severity: 'high',
    pattern:
      /\b(?:ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|bypassing|circumvent|skip|skipping|disable|disabling|suspend|turn off)\b (?:[a-z]{1,12} ){0,3}?(?:previous|prior|earlier|above|preceding|original|system|existing|other|safety|security|all) ?(?:[a-z]{1,12} )?(?:instructions?|rules|guidelines|guardrails|restrictions|filters?|filtering|sanitization|safety|policies|policy|prompts?|constraints|checks|validation|controls|directives|tools?)\b/g,
    explanation: 'The text asks the model to ignore or override earlier instructions, other tools, or safety checks.',
  },
  {
    id: 'MCP-CI-005',
    family: 'covert_instruction',
    severity: 'high',
    pattern:
      /\b(?:act as|acting as|you are now|you are no longer|from now on,? you|pretend (?:to be|you are)|assume the (?:role|identity) of|roleplay as|your new (?:role|instructions|task) (?:is|are)|jailbreak|dan mode|god mode|developer mode (?:enabled|on)|unrestricted (?:mode|system|ai|assistant|access))\b/g,
    explanation: 'The text tries to give the model a new role or persona (role hijack, jailbreak wording).',
  },
  {
    id: 'MCP-CI-006',
    family: 'covert_instruction',
    severity: 'medium',
    pattern:
      /\b(?:very ){2,4}important\b|\b(?:otherwise|or else|if you (?:do not|don't|fail to|violate|forget)|failure to comply)\b.{0,80}?\b(?:will (?:not work|fail|crash|break|be blocked|be lost)|(?:the )?(?:system|application|app) (?:will )?crash(?:es)?|data will be lost|(?:you|your request) will be (?:blocked|punished|terminated))|\b(?:this is|it is) (?:critical|crucial|mandatory|imperative|vital) (?:that|to) you\b|\byou (?:must|have to) (?:always|absolutely|immediately) (?!be\b)[a-z]{2,12}\b/g,
    explanation: 'The text pressures the model with urgency or threats ("VERY important", "otherwise the system will crash") to make it comply.',
  },
  {
    id: 'MCP-TP-001',
    family: 'tool_poisoning',
    severity: 'high',
    pattern:
      /\b(?:before|prior to|after) (?:using|calling|invoking|running|executing) (?:this|any|the|every|each) (?:tool|function)\b.{0,60}?\b(?:read|call|run|invoke|fetch|send|include|pass|first|always|must)\b|\bpass (?:its|their|the|that|this|all) (?:[a-z]{1,12} )?(?:content|contents|output|result|results|data|text) (?:as|in|into|to|via|through)\b/g,
    explanation: 'The text gives the model preconditions (do something before calling the tool, pass some other content through a parameter) that serve the tool author, not the user.',
  },
  {
    id: 'MCP-TP-002',
    family: 'tool_poisoning',
    severity: 'high',
    pattern: new RegExp(
      `\\b${SEND}\\b.{0,80}?\\b(?:to|into|via|through) (?:https?://|[a-z0-9._%+-]{1,40}@[a-z0-9-]{1,40}\\.[a-z]{2,10}\\b|(?:an? |the )?(?:external|remote|third[- ]party|attacker|our|my) (?:server|endpoint|url|host|address|webhook|collector|domain)|(?:an? |the )?webhook\\b|dns (?:queries|lookups|requests))|\\bexfiltrat(?:e|es|ed|ing|ion)\\b|\\b(?:change|set|replace|redirect|rewrite) (?:the )?(?:[a-z]{1,12} )?(?:recipient|destination|to address|receiver|target address|email address|phone number)\\b`,
      'g',
    ),
    explanation: 'The text instructs the model to send data somewhere other than where the user intends (an outside address, a webhook, a replaced recipient).',
  },
  {
    id: 'MCP-SA-001',
    family: 'sensitive_access',
    severity: 'critical',
    pattern: new RegExp(`\\b${READ}\\b.{0,80}?${SECRET_PATHS}`, 'g'),
    explanation: 'The text asks the model to read keys, credentials or agent configuration files (such as ~/.ssh, mcp.json, .env).',
  },
  {
    id: 'MCP-SA-002',
    family: 'sensitive_access',
    severity: 'medium',
    pattern: /(?:~\/\.ssh|\bid_rsa\b|\bid_ed25519\b|\.aws\/credentials|\bmcp\.json\b|claude_desktop_config\.json|~\/\.cursor\/|\.git-credentials|\/etc\/shadow|wallet\.dat)/g,
    explanation: 'The text names a key, credential or agent configuration file; a tool description has little reason to.',
  },
];

export type RunnableRule = TextRule & { source?: 'builtin' | 'user' };

export function runTextRules(rules: readonly RunnableRule[], fields: readonly TextField[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  // Normalise each field once, not once per rule.
  const normalised = fields.map((f) => normalise(f.text));
  for (const rule of rules) {
    const kinds = rule.fields ?? FREE_TEXT;
    fields.forEach((field, i) => {
      if (!kinds.includes(field.kind)) return;
      const m = firstMatch(rule.pattern, normalised[i]!);
      if (m === null) return;
      out.push({
        rule_id: rule.id,
        family: rule.family,
        severity: rule.severity,
        tool: field.tool,
        pointer: field.pointer,
        matched: excerpt(m),
        explanation: rule.explanation,
        ...mapped(rule.family),
        ...(rule.source === 'user' ? { source: 'user' as const } : {}),
      });
    });
  }
  return out;
}

/** First match of a rule in one field (one finding per rule and field keeps reports readable). */
export function firstMatch(pattern: RegExp, text: string): string | null {
  pattern.lastIndex = 0;
  const m = pattern.exec(text);
  pattern.lastIndex = 0;
  return m ? m[0] : null;
}
