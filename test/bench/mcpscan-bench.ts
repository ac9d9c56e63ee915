// `npm run bench mcpscan`: a static scan (--tools-json) of 1,000 tool definitions from the real Cisco
// evaluation corpus (its 613 tools, repeated under new names to 1,000), one server: parse, pin (RFC 8785
// fingerprint), every detection rule, catalogue trust, recording and anomalies. Baselines in the same
// run: parsing the same file, and parse + fingerprint alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { parseToolsJson } from '../../src-main/engine/mcpscan/listing';
import { fingerprint, pinnedForm } from '../../src-main/engine/mcpscan/pinning';
import { scanMachine } from '../../src-main/engine/mcpscan/scan-machine';
import { ciscoServer, ciscoTools } from './mcpscan-corpus';
import type { BenchResult } from './report';

const N = 1000;
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function runMcpscanBench(): Promise<BenchResult[]> {
  const base = ciscoTools().map((t) => ciscoServer(t).tools[0]);
  const tools = Array.from({ length: N }, (_, i) => ({ ...base[i % base.length], name: `${base[i % base.length].name}_${i}` }));
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-mcpscan-'));
  const file = join(dir, 'tools.json');
  writeFileSync(file, JSON.stringify({ tools }));
  const scans: number[] = [];
  const parses: number[] = [];
  const hashes: number[] = [];
  let findings = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      parses.push(time(() => JSON.parse(readFileSync(file, 'utf8'))));
      hashes.push(time(() => fingerprint(pinnedForm(parseToolsJson(JSON.parse(readFileSync(file, 'utf8')), 'bench')))));
      const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.parse('2026-12-01T00:00:00Z')), log: silentLogger });
      try {
        const t0 = process.hrtime.bigint();
        const r = await scanMachine(engine, { home: null, cwd: null, configs: [], toolsJson: [file], timeoutMs: 1000, registry: false }, { type: 'cli', id: 'bench' });
        scans.push(Number(process.hrtime.bigint() - t0) / 1e6);
        findings = r.servers[0].findings.length;
      } finally {
        engine.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const scan = median(scans);
  return [
    { name: `static scan of ${N} tool definitions (median of ${RUNS})`, value: scan, unit: 'ms', target: '<= 1000', met: scan <= 1000, note: `${findings} findings; max ${Math.round(Math.max(...scans))} ms` },
    { name: 'baseline: JSON.parse of the same file', value: median(parses), unit: 'ms' },
    { name: 'baseline: parse + RFC 8785 fingerprint only', value: median(hashes), unit: 'ms' },
  ];
}
