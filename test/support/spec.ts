// The spec pages in ../shared/spec are the public interface: tool declarations (the JSON objects starting
// with "name") and their example responses. One reader for every test that checks ours against them, so a
// change in how the pages are cut is made once.
import { readFileSync } from 'node:fs';

/** The pages that declare MCP tools, as the spec ships them. */
const SPEC_TOOL_PAGES = ['threatmatic-posture-tools.txt', 'threatmatic-policy-actions.txt'] as const;

export interface SpecSchema {
  type?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  required?: string[];
  properties?: Record<string, SpecSchema>;
  items?: SpecSchema;
}
export interface SpecTool { name: string; description: string; inputSchema: SpecSchema & { properties: Record<string, SpecSchema> } }

const pages = new Map<string, string>();

/** A spec page's text. */
function specPage(file: string): string {
  let text = pages.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`../../../shared/spec/${file}`, import.meta.url), 'utf8');
    pages.set(file, text);
  }
  return text;
}

/** The JSON object starting at the first '{' at or after `from` (braces balanced). */
function jsonAt(text: string, from: number): Record<string, unknown> {
  const start = text.indexOf('{', from);
  if (from < 0 || start < 0) throw new Error(`no JSON object after offset ${from}`);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>;
  }
  throw new Error(`unbalanced JSON object at offset ${start}`);
}

interface Declared { tool: SpecTool; page: string; at: number; end: number }

/** Every tool the spec declares, in page order, with where its section ends (the next declaration). */
function declared(): Declared[] {
  const out: Declared[] = [];
  for (const page of SPEC_TOOL_PAGES) {
    const text = specPage(page);
    const starts = [...text.matchAll(/\{\s*"name":\s*"[a-z_]+"/g)].map((m) => m.index);
    starts.forEach((at, i) => out.push({ tool: jsonAt(text, at) as unknown as SpecTool, page, at, end: starts[i + 1] ?? text.length }));
  }
  return out;
}

/** The spec's tool declarations by name (14 today). */
export function specTools(): Map<string, SpecTool> {
  return new Map(declared().map((d) => [d.tool.name, d.tool]));
}

/** One tool's declaration; throws when the spec has none, so a renamed tool fails the test that asked. */
export function specTool(name: string): SpecTool {
  const tool = specTools().get(name);
  if (!tool) throw new Error(`the spec declares no tool '${name}'`);
  return tool;
}

/** The example response the spec shows for a tool; throws when that tool's section has none. */
export function specExample(name: string): Record<string, unknown> {
  const d = declared().find((x) => x.tool.name === name);
  if (!d) throw new Error(`the spec declares no tool '${name}'`);
  const text = specPage(d.page);
  const at = text.indexOf('Example response:', d.at);
  if (at < 0 || at > d.end) throw new Error(`the spec shows no example response for '${name}'`);
  return jsonAt(text, at);
}

export const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
