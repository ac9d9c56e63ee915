// What the built CLI loads before any command runs: the modules its entry imports statically, chunk by
// chunk. The MCP SDK, the HTTP doors and the libraries only a few operations use (vulnerability feeds,
// Windows XML, zip, the public-suffix list) must not be among them: a one-shot `threatmatic ingest` would
// pay for parsing and running them at every start (about half its run time on a 10,000-device data dir,
// BENCHMARKS.md). They are loaded by the commands and operations that use them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli } from '../fixtures/cli-process';

/** Every bare package specifier reached through static imports from `file`, following the bundle's own chunks. */
function staticPackages(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // Static imports only: `import … from "x"` and `import "x"` at the start of a line (dynamic import() is not one).
  for (const m of text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('./') || spec.startsWith('../')) staticPackages(join(dirname(file), spec), seen, packages);
    else if (!spec.startsWith('node:')) packages.add(spec);
  }
  return packages;
}

describe('the built CLI at start-up', () => {
  it('loads the engine and its database driver, but not the MCP SDK, the doors or the rarely used libraries', () => {
    const loaded = [...staticPackages(builtCli())];
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('zod');
    const lazy = ['@modelcontextprotocol/sdk', 'busboy', 'fast-xml-parser', 'yaml', 'csv-parse', 'yauzl', 'semver', '@renovatebot/pep440', 'ae-cvss-calculator', 'tldts'];
    expect(loaded.filter((p) => lazy.some((l) => p === l || p.startsWith(`${l}/`)))).toEqual([]);
  });
});
