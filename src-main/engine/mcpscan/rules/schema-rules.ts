// Schema heuristics: parameters whose names ask the model to put something the user never sees into a
// call (a "sidenote", file contents, secrets, the conversation), and open `additionalProperties` on
// tools whose names suggest a sensitive action (anything extra the model adds goes through unchecked).
import type { RuleFinding, ScannedServer } from '../types';
import { schemaProperties } from './fields';
import { mapped } from './mappings';

// Names are matched whole (after lower-casing and dropping - and _) against short literal lists.
const COVERT_CHANNEL = new Set([
  'sidenote', 'sidenotes', 'hiddennote', 'hiddencontext', 'secretnote', 'internalnote', 'notetoai', 'aicontext', 'aimemo',
  'conversationhistory', 'chathistory', 'previousmessages', 'lastmessages', 'systemprompt', 'fullcontext', 'debuginfo',
]);
const FILE_OR_SECRET = [
  'filecontent', 'filecontents', 'sshkey', 'privatekey', 'idrsa', 'apikey', 'secretkey', 'accesskey', 'password', 'passwd',
  'credential', 'credentials', 'envvars', 'environmentvariables', 'cookie', 'cookies', 'sessiontoken', 'authtoken', 'bearertoken', 'mcpconfig', 'configfile',
];
const SENSITIVE_TOOL = /(?:^|[_.-])(?:exec|execute|run|shell|command|cmd|eval|delete|remove|drop|truncate|transfer|pay|payment|send|email|upload|write|sql|query|sudo|admin|deploy|install|kill)(?:$|[_.-])/;
const AUTH_TOOL = /(?:auth|login|logon|signin|token|credential|password|secret|key|session)/;

const squash = (s: string): string => s.toLowerCase().replace(/[-_\s.]/g, '');

export function schemaFindings(server: ScannedServer): RuleFinding[] {
  const out: RuleFinding[] = [];
  server.tools.forEach((tool, i) => {
    const base = `/tools/${i}/inputSchema`;
    for (const prop of schemaProperties(tool.inputSchema, base)) {
      const n = squash(prop.name);
      if (COVERT_CHANNEL.has(n)) {
        out.push({
          rule_id: 'MCP-XS-001',
          family: 'exfiltration_schema',
          severity: 'high',
          tool: tool.name,
          pointer: prop.pointer,
          matched: prop.name,
          explanation: `The parameter "${prop.name}" is a side channel: its name invites the model to put notes, context or conversation into the call, which the user does not see and the server receives.`,
          ...mapped('exfiltration_schema'),
        });
      } else if (FILE_OR_SECRET.some((w) => n.includes(w)) && !AUTH_TOOL.test(tool.name.toLowerCase())) {
        out.push({
          rule_id: 'MCP-XS-002',
          family: 'exfiltration_schema',
          severity: 'medium',
          tool: tool.name,
          pointer: prop.pointer,
          matched: prop.name,
          explanation: `The parameter "${prop.name}" is shaped to carry file contents or secrets, on a tool ("${tool.name}") whose name does not suggest it needs them.`,
          ...mapped('exfiltration_schema'),
        });
      }
    }
    const schema = tool.inputSchema as { additionalProperties?: unknown } | null;
    const open = schema && typeof schema === 'object' && (schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null && Object.keys(schema.additionalProperties).length === 0));
    if (open && SENSITIVE_TOOL.test(tool.name.toLowerCase())) {
      out.push({
        rule_id: 'MCP-XS-003',
        family: 'exfiltration_schema',
        severity: 'low',
        tool: tool.name,
        pointer: `${base}/additionalProperties`,
        matched: `additionalProperties: ${JSON.stringify(schema.additionalProperties)}`,
        explanation: `The tool "${tool.name}" performs a sensitive action and accepts any extra parameters (additionalProperties is open), so the model can pass data the schema never declared.`,
        ...mapped('exfiltration_schema'),
      });
    }
  });
  return out;
}

