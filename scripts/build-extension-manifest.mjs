// Writes extension/manifest.json: the MV3 manifest whose content-script matches are the AI services of
// the bundled catalogue (resources/ai-services/v2fly-lists.json; @ads tracking hosts and regexp rules left
// out). Run after rebuilding the lists: node scripts/build-extension-manifest.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lists = JSON.parse(readFileSync(new URL('../resources/ai-services/v2fly-lists.json', import.meta.url), 'utf8'));
const matches = new Set();
for (const e of lists.entries) {
  if (e.attrs.includes('@ads')) continue;
  if (e.type === 'domain') matches.add(`*://*.${e.value}/*`);
  else if (e.type === 'full') matches.add(`*://${e.value}/*`);
}
const manifest = {
  manifest_version: 3,
  name: 'Threatmatic Shadow AI',
  version: '1.0.0',
  description: 'Reports visits to AI services and PII categories (counts only, never content or values) to your Threatmatic server.',
  permissions: ['storage', 'alarms'],
  host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
  optional_host_permissions: ['https://*/*', 'http://*/*'],
  background: { service_worker: 'background.js' },
  options_page: 'options.html',
  action: { default_title: 'Threatmatic Shadow AI', default_popup: 'options.html' },
  content_scripts: [{ matches: [...matches].sort(), js: ['pii.js', 'content.js'], run_at: 'document_start', all_frames: false }],
};
writeFileSync(new URL('../extension/manifest.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${matches.size} match patterns`);
