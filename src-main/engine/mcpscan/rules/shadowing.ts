// Tool shadowing: a server's text giving orders about tools it does not own — another server's tools
// (known by name from the other servers the same client sees) or tools named in the text that this
// server does not list. The model reads every server's descriptions together, so one server can
// rewrite how another's tools are used (the Invariant "send all emails to attkr@pwnd.com" case).
import type { RuleFinding, ScannedServer } from '../types';
import { excerpt, normalise, type TextField } from './fields';
import { mapped } from './mappings';

const WINDOW = 160;
/** Directive wording near a tool name: the text tells the model what to do with that tool. */
const DIRECTIVE =
  /\b(?:must|should|always|never|instead|make sure|ensure|change|redirect|replace|set|send|use|call|invoke|do not|don't|when|whenever|before|after|side effect|override|only)\b/;
/** Generic references to a tool by description ("the send_message tool", "(mcp_whatsapp) send_message is invoked"). */
const TOOL_REFERENCE = /\b(?:when|whenever|if|once) (?:the |any )?(?:\(?[a-z0-9_.-]{1,40}\)? )?([a-z][a-z0-9]{0,30}(?:[_.-][a-z0-9]{1,30}){1,6})(?: tool| function)? (?:is|gets|are) (?:invoked|called|used|run|executed|available)\b|\b(?:the|also present|other) ([a-z][a-z0-9]{0,30}(?:[_.-][a-z0-9]{1,30}){1,6}) tool\b/g;

const MAX_NAMES = 2_000;

function nameRegex(name: string): RegExp {
  const escaped = name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9_])${escaped}(?![a-z0-9_])`, 'g');
}

export function shadowingFindings(server: ScannedServer, fields: readonly TextField[], others: readonly ScannedServer[]): RuleFinding[] {
  const own = new Set(server.tools.map((t) => t.name.toLowerCase()));
  const foreign = new Map<string, string>(); // tool name -> server name
  for (const o of others) {
    if (o.identity === server.identity) continue;
    for (const t of o.tools) {
      if (foreign.size >= MAX_NAMES) break;
      const n = t.name.toLowerCase();
      // Very short or generic names ("add", "get") would match ordinary words.
      if (!own.has(n) && n.length >= 4) foreign.set(n, o.name);
    }
  }
  const foreignRegexes = [...foreign].map(([name, owner]) => ({ name, owner, re: nameRegex(name) }));
  const out: RuleFinding[] = [];
  for (const field of fields) {
    if (field.kind === 'param_name' || field.kind === 'tool_name') continue;
    const text = normalise(field.text);
    let finding: RuleFinding | null = null;
    for (const { name, owner, re } of foreignRegexes) {
      re.lastIndex = 0;
      const m = re.exec(text);
      re.lastIndex = 0;
      if (!m) continue;
      const window = text.slice(Math.max(0, m.index - WINDOW), m.index + name.length + WINDOW);
      if (!DIRECTIVE.test(window)) continue;
      finding = {
        rule_id: 'MCP-SH-001',
        family: 'tool_shadowing',
        severity: 'critical',
        tool: field.tool,
        pointer: field.pointer,
        matched: excerpt(window, 200),
        explanation: `This text gives the model orders about "${name}", a tool of another server ("${owner}"). A server should only describe its own tools; this one can change how the other server's tool is used.`,
        ...mapped('tool_shadowing'),
      };
      break;
    }
    if (!finding) {
      TOOL_REFERENCE.lastIndex = 0;
      for (let m = TOOL_REFERENCE.exec(text), n = 0; m && n < 50; m = TOOL_REFERENCE.exec(text), n++) {
        const name = (m[1] ?? m[2] ?? '').replace(/^\(|\)$/g, '');
        if (!name || own.has(name)) continue;
        finding = {
          rule_id: 'MCP-SH-002',
          family: 'tool_shadowing',
          severity: 'high',
          tool: field.tool,
          pointer: field.pointer,
          matched: excerpt(m[0], 200),
          explanation: `This text refers to a tool "${name}" that this server does not provide and tells the model how to behave around it: a sign of one server steering another's tools.`,
          ...mapped('tool_shadowing'),
        };
        break;
      }
      TOOL_REFERENCE.lastIndex = 0;
    }
    if (finding) out.push(finding);
  }
  return out;
}
