// SARIF 2.1.0 for an MCP scan: one run, one rule per rule id, one result per finding, located in the
// config file that declares the server (artifact) and at the JSON pointer of the finding in the server's
// listing (logical location), so code hosts can show it.
import type { McpScanResult } from '@shared/contract/operations/mcp-scan-schemas';
import type { Severity } from '@shared/domain/enums';
import { pathToFileURL } from 'node:url';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };
const SCORE: Record<Severity, string> = { low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' };

export function toSarif(result: McpScanResult, toolVersion: string): Record<string, unknown> {
  const rules = new Map<string, Record<string, unknown>>();
  const results: Record<string, unknown>[] = [];
  for (const s of result.servers) for (const f of s.findings) {
    if (!rules.has(f.rule_id)) {
      rules.set(f.rule_id, {
        id: f.rule_id, name: f.family, shortDescription: { text: `MCP ${f.family.replace(/_/g, ' ')}` },
        properties: { tags: ['security', 'mcp', ...f.owasp_llm.map((o) => `owasp-llm:${o}`), ...f.atlas.map((a) => `atlas:${a}`)], 'security-severity': SCORE[f.severity] },
      });
    }
    const file = f.location.file ?? s.source.file;
    const fqn = `${s.name}${f.pointer}`;
    results.push({
      ruleId: f.rule_id, level: LEVEL[f.severity],
      message: { text: `${s.name}${f.tool ? ` / ${f.tool}` : ''}: ${f.explanation}${f.matched ? ` Matched: "${f.matched.slice(0, 500)}"` : ''}` },
      locations: [{
        ...(file ? { physicalLocation: { artifactLocation: { uri: pathToFileURL(file).href } } } : {}),
        logicalLocations: [{ name: f.tool ?? s.name, fullyQualifiedName: fqn, kind: 'member' }],
        properties: { server_key: s.server_key, config_pointer: f.location.config_pointer, json_pointer: f.pointer },
      }],
      partialFingerprints: { 'mcpFinding/v1': `${s.server_key}|${f.rule_id}|${f.pointer}` },
      properties: { severity: f.severity, family: f.family, server: s.name, tool: f.tool, owasp_llm: f.owasp_llm, atlas: f.atlas },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'threatmatic mcp-scan', version: toolVersion, informationUri: 'https://github.com/threatmatic/console/blob/main/docs/mcp-scan.md', rules: [...rules.values()] } },
      invocations: [{ executionSuccessful: true, endTimeUtc: result.scanned_at }],
      results,
    }],
  };
}
