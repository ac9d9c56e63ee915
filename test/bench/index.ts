// `npm run bench`: every benchmark, one table, with the machine it ran on. Figures go to BENCHMARKS.md;
// nothing here passes or fails a build.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fmt, type BenchResult } from './report';
import { runAccuracyBench } from './accuracy-bench';
import { runAgentsBench } from './agents-bench';
import { runAiPostureBench } from './ai-posture-bench';
import { runAuditBench } from './audit-bench';
import { runConsoleLoadBench } from './console-load-bench';
import { runConsoleUiBench } from './console-ui-bench';
import { runDetectBench, runFleetBench } from './detect-bench';
import { runIngestBench } from './ingest-bench';
import { runIntelBench } from './intel-bench';
import { runInventoryBench } from './inventory-bench';
import { runMcpBench } from './mcp-bench';
import { runMcpscanBench } from './mcpscan-bench';
import { runMcpscanQualityBench } from './mcpscan-quality-bench';
import { runPostureBench } from './posture-bench';
import { runQuarantineBench } from './quarantine-bench';
import { runRestBench } from './rest-bench';
import { runRetentionBench } from './retention-bench';
import { runStoreBench } from './store-bench';
import { runVulnsBench } from './vulns-bench';
import { runWalPagesBench } from './wal-pages-bench';
import { runShadowAiBench } from './shadow-ai-bench';
import { runDetectionQualityBench } from './detection-quality-bench';
import { applyHeapPolicy } from '../../src-main/engine/heap-policy';

// The engine's processes (CLI, desktop app) set the heap policy at start; the bench measures them as they run.
applyHeapPolicy();

const suites: Record<string, () => Promise<BenchResult[]>> = {
  fleet: runFleetBench,
  ingest: runIngestBench,
  intel: runIntelBench,
  inventory: runInventoryBench,
  detect: runDetectBench,
  'wal-pages': runWalPagesBench,
  posture: runPostureBench,
  accuracy: runAccuracyBench,
  mcp: runMcpBench,
  mcpscan: runMcpscanBench,
  'mcpscan-quality': runMcpscanQualityBench,
  rest: runRestBench,
  audit: runAuditBench,
  quarantine: runQuarantineBench,
  store: runStoreBench,
  console: runConsoleLoadBench,
  agents: runAgentsBench,
  'ai-posture': runAiPostureBench,
  retention: runRetentionBench,
  vulns: runVulnsBench,
  'shadow-ai': runShadowAiBench,
  'detection-quality': runDetectionQualityBench,
  'console-ui': runConsoleUiBench,
};

type Row = BenchResult & { suite: string };

function print(suite: string, rows: readonly BenchResult[]): void {
  console.log(`## ${suite}`);
  for (const r of rows) {
    const verdict = r.met === undefined ? '' : r.met ? '  ✓ target met' : '  ✗ target missed';
    console.log(`${r.name.padEnd(62)} ${fmt(r.value).padStart(14)} ${r.unit.padEnd(10)} ${r.target ? `(target ${r.target})` : ''}${verdict}${r.note ? `  — ${r.note}` : ''}`);
  }
  console.log('');
}

/** One suite in a fresh process (memory figures must not carry what an earlier suite left behind). */
function runChild(suite: string): Row[] {
  const out = `test-results/bench-${suite}.json`;
  rmSync(out, { force: true });
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child', suite, out], { stdio: 'inherit' });
  try {
    return (JSON.parse(readFileSync(out, 'utf8')) as BenchResult[]).map((r) => ({ suite, ...r }));
  } catch {
    const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    console.error(`suite ${suite} failed (${why}); its figures are missing`);
    return [{ suite, name: `suite ${suite} did not finish (${why})`, value: 0, unit: '' }];
  }
}

async function main(): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const rows = await suites[args[1]]();
    print(args[1], rows);
    writeFileSync(args[2], JSON.stringify(rows));
    return;
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
  console.log(`Threatmatic benchmarks on ${machine}\n`);
  const all: Row[] = [];
  for (const suite of Object.keys(suites)) {
    if (args.length && !args.includes(suite)) continue;
    all.push(...runChild(suite));
  }
  writeFileSync('test-results/bench.json', JSON.stringify({ machine, at: new Date().toISOString(), results: all }, null, 2));
  console.log('| suite | measure | value | unit | target | met |\n|---|---|---|---|---|---|');
  for (const r of all) console.log(`| ${r.suite} | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
