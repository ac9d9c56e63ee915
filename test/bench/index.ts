// `npm run bench`: every benchmark, one table, with the machine it ran on. Figures go to BENCHMARKS.md;
// nothing here passes or fails a build.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fmt, type BenchResult } from './report';
import { runAccuracyBench } from './accuracy-bench';
import { runDetectBench } from './detect-bench';
import { runIngestBench } from './ingest-bench';
import { runIntelBench } from './intel-bench';
import { runMcpBench } from './mcp-bench';
import { runPostureBench } from './posture-bench';

const suites: Record<string, () => Promise<BenchResult[]>> = {
  ingest: runIngestBench,
  intel: runIntelBench,
  detect: runDetectBench,
  posture: runPostureBench,
  accuracy: runAccuracyBench,
  mcp: runMcpBench,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
  console.log(`Threatmatic benchmarks on ${machine}\n`);
  const all: (BenchResult & { suite: string })[] = [];
  for (const [suite, run] of Object.entries(suites)) {
    if (only.length && !only.includes(suite)) continue;
    console.log(`## ${suite}`);
    for (const r of await run()) {
      all.push({ suite, ...r });
      const verdict = r.met === undefined ? '' : r.met ? '  ✓ target met' : '  ✗ target missed';
      console.log(`${r.name.padEnd(62)} ${fmt(r.value).padStart(14)} ${r.unit.padEnd(10)} ${r.target ? `(target ${r.target})` : ''}${verdict}${r.note ? `  — ${r.note}` : ''}`);
    }
    console.log('');
  }
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/bench.json', JSON.stringify({ machine, at: new Date().toISOString(), results: all }, null, 2));
  console.log('| suite | measure | value | unit | target | met |\n|---|---|---|---|---|---|');
  for (const r of all) console.log(`| ${r.suite} | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
