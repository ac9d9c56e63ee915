// Runs vitest and ends with one plain line "tests: N passed, N failed, N skipped" that any CI reads.
// A skip is a failure unless it is one of the few below, each with the reason it cannot run on every
// machine: a test that turns a missing feature into a skip must not read as green.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The only skips allowed: the file, optionally the test title, and why the machine may not run it. */
export const ALLOWED_SKIPS = [
  { file: 'test/e2e/electron.test.ts', reason: 'no Electron binary on this machine (it cannot be downloaded here); .ci/run runs it under Xvfb where one is installed' },
  { file: 'test/unit/policy/nftables.test.ts', title: /nft -c -f/, reason: 'nft is not installed or not permitted here (.ci/run installs nftables where Debian has it)' },
  { file: 'test/unit/cli/secret-input.test.ts', title: /readable by others/, reason: 'Windows has no POSIX file modes' },
  { file: 'test/unit/db/private-files.test.ts', reason: 'Windows has no POSIX file modes' },
  { file: 'test/integration/derived-faults.test.ts', title: /disk full/, reason: 'mounting a small tmpfs needs root' },
  { file: 'test/integration/detect-real-logs.test.ts', title: /campaign 05|Slips test18|port scans/, reason: 'a real-log data file held back from ../shared/data (see PROVENANCE.md)' },
  { file: 'test/unit/ingest/zeek.test.ts', title: /campaign 05|Slips test18|Slips test15/, reason: 'a real-log data file held back from ../shared/data (see PROVENANCE.md)' },
];

const allowed = (file, title) => ALLOWED_SKIPS.find((a) => a.file === file && (!a.title || a.title.test(title)));

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });
let summary = 'tests: no report written';
let status = run.status ?? 1;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skips = (r.testResults ?? []).flatMap((f) =>
    (f.assertionResults ?? []).filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => ({ file: relative(process.cwd(), f.name), title: a.fullName ?? a.title })),
  );
  const unexpected = skips.filter((s) => !allowed(s.file, s.title));
  for (const s of skips.filter((x) => allowed(x.file, x.title))) console.log(`skipped (allowed: ${allowed(s.file, s.title).reason}): ${s.file} > ${s.title}`);
  for (const s of unexpected) console.log(`SKIPPED, NOT ALLOWED (a skip hides whatever it tests; fix it or add it to ALLOWED_SKIPS in scripts/run-tests.mjs with a reason): ${s.file} > ${s.title}`);
  // A file that fails before its tests run (a missing browser, an import error) fails its tests too.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  const failed = r.numFailedTests + unexpected.length;
  if (unexpected.length) console.log(`${unexpected.length} skip(s) not in the allowlist are counted as failed`);
  if (brokenFiles) console.log(`${brokenFiles} test file(s) failed before their tests ran`);
  summary = `tests: ${r.numPassedTests} passed, ${failed} failed, ${skips.length - unexpected.length} skipped`;
  if (r.numTotalTests === 0) summary = 'tests: 0 passed, 0 failed (no test ran)';
  if (unexpected.length || brokenFiles || r.numTotalTests === 0) status = status || 1;
} catch (err) {
  summary = `tests: 0 passed, 1 failed (could not read ${report}: ${err.message})`;
  status = status || 1;
}
console.log(`\n${summary}`);
process.exit(status);
