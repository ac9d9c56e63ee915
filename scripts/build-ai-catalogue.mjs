// Rebuilds resources/ai-services/v2fly-lists.json from a checkout of v2fly/domain-list-community's data/
// folder: resolves the includes of category-ai-!cn and category-ai-cn and keeps, per rule, the list it
// came from and the `# heading` comment above it (the category lists group one service per heading).
// Usage: node scripts/build-ai-catalogue.mjs DATA_DIR COMMIT
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, commit] = process.argv.slice(2);
if (!dir || !commit) throw new Error('usage: build-ai-catalogue.mjs DATA_DIR COMMIT');
const ROOTS = ['category-ai-!cn', 'category-ai-cn'];
const entries = [];
const seen = new Set();

function walk(list, root) {
  if (seen.has(list)) return;
  seen.add(list);
  let heading = null;
  for (const raw of readFileSync(join(dir, list), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line) { heading = null; continue; }
    if (line.startsWith('#')) { heading ??= line.slice(1).trim(); continue; }
    const [rule, ...rest] = line.split('#')[0].trim().split(/\s+/);
    const attrs = rest.filter((a) => a.startsWith('@'));
    if (rule.startsWith('include:')) { walk(rule.slice(8), root); continue; }
    const m = /^(domain|full|regexp|keyword):(.*)$/.exec(rule);
    entries.push({ value: m ? m[2] : rule, type: m ? m[1] : 'domain', attrs, list, heading, root });
  }
}
for (const r of ROOTS) walk(r, r);
const out = { source: 'https://github.com/v2fly/domain-list-community data/', commit, licence: 'MIT (LICENSE beside this file)', roots: ROOTS, entries };
writeFileSync(new URL('../resources/ai-services/v2fly-lists.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${entries.length} rules from ${seen.size} lists`);
