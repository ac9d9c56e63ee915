// Runs vitest and ends with one plain line "tests: N passed, N failed, N skipped" that any CI reads,
// exiting with vitest's own code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });
let summary = 'tests: no report written';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that fails before its tests run (a missing browser, an import error) fails its tests too.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped${brokenFiles ? `; ${brokenFiles} test file(s) failed before their tests ran` : ''}`;
  if (r.numTotalTests === 0) summary = 'tests: 0 passed, 0 failed (no test ran)';
} catch (err) {
  summary = `tests: 0 passed, 1 failed (could not read ${report}: ${err.message})`;
}
console.log(`\n${summary}`);
process.exit(run.status ?? 1);
