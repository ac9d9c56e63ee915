// Shadow AI: (1) classification of 1,000,000 DNS names against the AI service catalogue (suffix walk over
// the catalogue's rules, the AI-looking heuristic and the public suffix list for candidates), beside a
// plain Set lookup of each exact name in the same run as the baseline; (2) discovery as the ingest
// observer runs it over 500,000 dns/flow/http events; (3) the browser extension's cost per input event: its real content script (extension/content.js) run in a VM with a stub document,
// the input listener called per keystroke, and the PII detection it runs after a pause, on prompts of
// 2,000 and 20,000 characters; baseline: one plain regular expression over the same text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Catalogue } from '../../src-main/engine/shadow-ai/catalogue';
import { HostClassifier } from '../../src-main/engine/shadow-ai/classifier';
import { Discovery, type DiscoveryEvent } from '../../src-main/engine/shadow-ai/discovery';
import type { BenchResult } from './report';

const NAMES = 1_000_000;
const ROOT = process.cwd();

/** A deterministic PRNG (mulberry32): the same corpus every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Enterprise-like DNS traffic: 3 % catalogued AI names, 0.5 % AI-looking unknowns, the rest ordinary names. */
function corpus(catalogue: Catalogue): string[] {
  const r = rng(13);
  const ai = [...catalogue.domainRules.keys()];
  const tlds = ['com', 'net', 'org', 'io', 'co.uk', 'de', 'cloud', 'dev', 'fr', 'com.au'];
  const words = ['update', 'cdn', 'mail', 'login', 'static', 'api', 'www', 'assets', 'edge', 'telemetry', 'sync', 'files', 'auth', 'portal'];
  const names: string[] = [];
  for (let i = 0; i < NAMES; i++) {
    const x = r();
    const w = words[Math.floor(r() * words.length)];
    if (x < 0.03) names.push(`${w}.${ai[Math.floor(r() * ai.length)]}`);
    else if (x < 0.035) names.push(`${w}.corp-${Math.floor(r() * 5000)}-gpt.${tlds[Math.floor(r() * tlds.length)]}`);
    else names.push(`${w}${Math.floor(r() * 50)}.site${Math.floor(r() * 200_000)}.${tlds[Math.floor(r() * tlds.length)]}`);
  }
  return names;
}

function bestRate(n: number, runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return n / (best / 1000);
}

function perCallUs(n: number, f: () => void): number {
  for (let i = 0; i < Math.min(n, 200); i++) f();
  const t = performance.now();
  for (let i = 0; i < n; i++) f();
  return ((performance.now() - t) * 1000) / n;
}

interface Listener { (e: unknown): void }
/** extension/pii.js + content.js in a VM: a stub document keeps the listeners, timers never fire. */
function loadContentScript(): { input: Listener; detect: (t: string) => Record<string, number> } {
  const listeners: Record<string, Listener> = {};
  const sandbox: Record<string, unknown> = {
    location: { hostname: 'chatgpt.com' },
    document: { addEventListener: (type: string, fn: Listener) => { listeners[type] = fn; } },
    chrome: { runtime: { sendMessage: () => {} } },
    setTimeout: () => 1, clearTimeout: () => {}, WeakMap, WeakSet, Set,
  };
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(join(ROOT, 'extension/pii.js'), 'utf8'), sandbox);
  runInNewContext(readFileSync(join(ROOT, 'extension/content.js'), 'utf8'), sandbox);
  return { input: listeners.input, detect: (sandbox.ThreatmaticPii as { detect(t: string): Record<string, number> }).detect };
}

function prompt(chars: number): string {
  const base = 'Please summarise the attached quarterly numbers for the board: revenue grew 12% to 4.2M, churn fell to 3.1%; contact alice@example.com or +44 20 7946 0958 for details. ';
  let s = '';
  while (s.length < chars) s += base;
  return s.slice(0, chars);
}

export async function runShadowAiBench(): Promise<BenchResult[]> {
  const catalogue = new Catalogue();
  const classifier = new HostClassifier(catalogue);
  const names = corpus(catalogue);
  const exact = new Set([...catalogue.domainRules.keys(), ...catalogue.fullRules.keys()]);
  let sink = 0;
  const classify = bestRate(NAMES, 3, () => { for (let i = 0; i < names.length; i++) if (classifier.classify(names[i]) !== null) sink++; });
  const baseline = bestRate(NAMES, 3, () => { for (let i = 0; i < names.length; i++) if (exact.has(names[i])) sink++; });
  const found = names.filter((n) => classifier.classify(n) !== null).length;

  // Discovery as the ingest observer runs it: 500,000 events (40 % dns with answers, 50 % flows, 10 % http),
  // 3,000 devices; baseline: the same loop reading each event's kind and name.
  const r = rng(7);
  const events: DiscoveryEvent[] = [];
  for (let i = 0; i < 500_000; i++) {
    const x = r();
    const dev = `ws-${Math.floor(r() * 3000)}`;
    const name = names[i];
    const ts = 1_779_354_000_000 + i * 10;
    if (x < 0.4) events.push({ ts, kind: 'dns', entity_type: 'device', entity_id: dev, query: name, answers: [`198.51.${i % 250}.${i % 200}`] });
    else if (x < 0.9) events.push({ ts, kind: 'flow', entity_type: 'device', entity_id: dev, src_ip: '10.0.0.1', dst_ip: `198.51.${i % 250}.${(i + 1) % 200}`, bytes_out: 1200 });
    else events.push({ ts, kind: 'http', entity_type: 'device', entity_id: dev, host: name, user_agent: 'Mozilla/5.0', bytes_out: 800 });
  }
  const discovery = bestRate(events.length, 3, () => { sink += new Discovery(classifier).collect(events).sightings.size; });
  const touch = bestRate(events.length, 3, () => { for (const ev of events) if ((ev.query ?? ev.host ?? ev.dst_ip ?? '').length > 200) sink++; });

  const { input, detect } = loadContentScript();
  const target = { type: 'textarea', tagName: 'TEXTAREA', value: prompt(2000) };
  const listenerUs = perCallUs(1_000_000, () => input({ target }));
  const p2k = prompt(2000);
  const p20k = prompt(20_000);
  const detect2k = perCallUs(2000, () => { sink += Object.keys(detect(p2k)).length; });
  const detect20k = perCallUs(200, () => { sink += Object.keys(detect(p20k)).length; });
  const re = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
  const regex2k = perCallUs(2000, () => { re.lastIndex = 0; while (re.exec(p2k)) sink++; });
  if (sink < 0) console.log(sink);
  return [
    { name: `DNS names classified against the catalogue (${NAMES.toLocaleString('en-US')} names, ${found.toLocaleString('en-US')} AI or AI-looking), best of 3`, value: classify, unit: 'names/s', target: '>= 1000000', met: classify >= 1_000_000 },
    { name: 'baseline: plain Set lookup of each exact name, same names, best of 3', value: baseline, unit: 'names/s' },
    { name: 'discovery over 500,000 dns/flow/http events (sightings aggregated per batch), best of 3', value: discovery, unit: 'events/s', note: 'ingest target is 150,000 events/s' },
    { name: 'baseline: reading each of those events\' name once', value: touch, unit: 'events/s' },
    { name: 'extension: input listener per keystroke (real content.js, stub DOM)', value: listenerUs, unit: 'µs', target: '<= 1000', met: listenerUs <= 1000 },
    { name: 'extension: PII detection after a typing pause, 2,000-char prompt', value: detect2k, unit: 'µs', target: '<= 1000', met: detect2k <= 1000 },
    { name: 'extension: PII detection of a 20,000-char paste', value: detect20k, unit: 'µs' },
    { name: 'baseline: one email regular expression over the 2,000-char prompt', value: regex2k, unit: 'µs' },
  ];
}
