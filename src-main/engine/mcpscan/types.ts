// Shared shapes of the MCP integrity scan: what a client sees of a server (ScannedServer) and what the
// detection rules report about it (RuleFinding). Fixed interface between discovery/pinning and detection.

export type ScannedTool = {
  name: string;
  title?: string;
  description: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
};

export type ScannedServer = {
  identity: string;
  name: string;
  version: string | null;
  instructions: string | null;
  tools: ScannedTool[];
  prompts: { name: string; description: string | null }[];
  resources: { uri: string; name: string | null; description: string | null }[];
};

export type RuleFamily =
  | 'covert_instruction'
  | 'tool_poisoning'
  | 'tool_shadowing'
  | 'hidden_characters'
  | 'encoded_payload'
  | 'exfiltration_schema'
  | 'sensitive_access';

export type RuleSeverity = 'low' | 'medium' | 'high' | 'critical';

export type RuleFinding = {
  rule_id: string;
  family: RuleFamily;
  severity: RuleSeverity;
  tool: string | null;
  /** JSON pointer into the server listing, e.g. /tools/3/description or /tools/3/inputSchema/properties/sidenote */
  pointer: string;
  matched: string;
  explanation: string;
  owasp_llm: string[];
  atlas: string[];
  /** Who raised it: a built-in rule (default), a user rule from a rules file, or the optional local judge. */
  source?: 'builtin' | 'user' | 'judge';
};
