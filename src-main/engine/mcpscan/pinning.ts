// The pin of an MCP server: a SHA-256 over the RFC 8785 canonical JSON of everything a client sees
// (server info, instructions, every tool's name, title, description, input and output schemas and
// annotations, the prompts and resources), and the diff between a pinned listing and a new one: tools
// added, removed, renamed (same description and schemas under a new name) and changed, field by field.
// Hashing the whole listing, not the description alone, is what catches a swapped schema or a rename.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Listing } from './listing';

/** What is pinned: the listing in a fixed order (tools by name), with absent fields made explicit. */
export interface PinnedListing {
  server: { name: string; version: string | null };
  instructions: string | null;
  tools: { name: string; title: string | null; description: string; inputSchema: unknown; outputSchema: unknown; annotations: unknown }[];
  prompts: { name: string; description: string | null }[];
  resources: { uri: string; name: string | null; description: string | null }[];
}

const TOOL_FIELDS = ['title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

export function pinnedForm(l: Listing): PinnedListing {
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    server: { name: l.name, version: l.version },
    instructions: l.instructions,
    tools: l.tools.map((t) => ({ name: t.name, title: t.title ?? null, description: t.description, inputSchema: t.inputSchema ?? null, outputSchema: t.outputSchema ?? null, annotations: t.annotations ?? null })).sort(byName),
    prompts: [...l.prompts].sort(byName),
    resources: [...l.resources].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)),
  };
}

function canonical(value: unknown): string {
  return canonicalize(value) ?? 'null';
}

export function fingerprint(p: PinnedListing): string {
  return createHash('sha256').update(canonical(p)).digest('hex');
}

interface FieldChange { field: string; before: unknown; after: unknown }
interface ToolChange { tool: string; changes: FieldChange[] }
export interface ListingDiff {
  added: string[];
  removed: string[];
  renamed: { from: string; to: string }[];
  changed: ToolChange[];
  /** Server info, instructions, prompts, resources. */
  server_changes: FieldChange[];
}

export function isEmptyDiff(d: ListingDiff): boolean {
  return !d.added.length && !d.removed.length && !d.renamed.length && !d.changed.length && !d.server_changes.length;
}

export function diffListings(before: PinnedListing, after: PinnedListing): ListingDiff {
  const old = new Map(before.tools.map((t) => [t.name, t]));
  const now = new Map(after.tools.map((t) => [t.name, t]));
  const changed: ToolChange[] = [];
  for (const [name, t] of now) {
    const o = old.get(name);
    if (!o) continue;
    const changes = TOOL_FIELDS.filter((f) => canonical(o[f]) !== canonical(t[f])).map((f) => ({ field: f, before: o[f], after: t[f] }));
    if (changes.length) changed.push({ tool: name, changes });
  }
  let removed = before.tools.filter((t) => !now.has(t.name));
  let added = after.tools.filter((t) => !old.has(t.name));
  // A rename keeps what the tool does (description and schemas) under a new name.
  const body = (t: PinnedListing['tools'][number]) => canonical({ ...t, name: '' });
  const renamed: { from: string; to: string }[] = [];
  for (const r of removed) {
    const match = added.find((a) => body(a) === body(r));
    if (match) {
      renamed.push({ from: r.name, to: match.name });
      added = added.filter((a) => a !== match);
    }
  }
  removed = removed.filter((r) => !renamed.some((x) => x.from === r.name));
  const server_changes: FieldChange[] = [];
  for (const [field, b, a] of [
    ['server.name', before.server.name, after.server.name], ['server.version', before.server.version, after.server.version],
    ['instructions', before.instructions, after.instructions], ['prompts', before.prompts, after.prompts], ['resources', before.resources, after.resources],
  ] as const) {
    if (canonical(b) !== canonical(a)) server_changes.push({ field, before: b, after: a });
  }
  return { added: added.map((t) => t.name), removed: removed.map((t) => t.name), renamed, changed, server_changes };
}
