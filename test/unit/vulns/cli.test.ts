// `threatmatic cve import|list|show|status|ask` and `threatmatic stack import|list` in process, on the shared
// real feeds: the stack file read by the CLI, several feed paths in one import, the ranked list, a CVE's
// breakdown, a status change and the question.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliIn } from '../../support/cli-io';
import { SHARED_DATA } from '../../support/shared-data';

const DATA = SHARED_DATA;
let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('threatmatic cve and stack', () => {
  it('imports a stack and the feeds, ranks, shows, marks and answers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tm-cve-'));
    const csv = join(dir, 'stack.csv');
    writeFileSync(csv, 'technology,version,vendor,asset_count\nlangchain,0.0.171,LangChain Inc,2\nlangflow,1.2.0,,1\n');
    const stack = await cliIn(dir, 'stack', 'import', csv);
    expect(stack.code).toBe(0);
    expect(stack.out).toContain('2 entries (2 new) from csv');
    expect(stack.out).toContain('pkg:pypi/langflow@1.2.0');

    const imp = await cliIn(dir, 'cve', 'import', `${DATA}/vulnerabilities/cvelistV5`, `${DATA}/vulnerabilities/osv-pypa`, `${DATA}/cisa-kev/known_exploited_vulnerabilities.csv`);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/new_critical_on_stack\s+CVE-2025-3248\n/);
    expect(imp.out).toMatch(/kev 1404 \(1404 new, dated 2025-08-25\)/);

    const list = await cliIn(dir, 'cve', 'list', '--scope', 'stack', '--limit', '3');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[2]).toMatch(/^CVE-2025-3248\s+\S+\s+critical\s+KEV\s+2025-05-26 OVERDUE\s+langflow 1\.2\.0/);
    expect(list.out).toContain('3 of 13');

    const show = await cliIn(dir, 'cve', 'show', 'CVE-2025-3248');
    expect(show.out).toMatch(/stack\s+30\/30\s+langflow 1\.2\.0: cve-affected langflow-ai langflow/);
    expect(show.out).toContain('SLA: due 2025-05-26 (CISA KEV due date 2025-05-26');
    expect(show.out).toContain('→ Act');

    const status = await cliIn(dir, 'cve', 'status', 'CVE-2025-3248', 'fixed');
    expect(status.out).toContain('CVE-2025-3248: open → fixed');
    const bad = await cliIn(dir, 'cve', 'status', 'CVE-2025-3248', 'wont_fix');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('reason');

    const ask = await cliIn(dir, 'cve', 'ask', 'what', 'langchain', 'patches', 'matter', 'most', 'right', 'now?');
    expect(ask.code).toBe(0);
    expect(ask.out).toMatch(/^\d+ open langchain CVEs .* the most important is CVE-\d{4}-\d+/);
    expect(ask.out).toContain('Filter: products: langchain');

    const listed = await cliIn(dir, 'stack', 'list');
    expect(listed.out).toMatch(/langchain\s+0\.0\.171\s+LangChain Inc\s+2\s+pkg:pypi\/langchain@0\.0\.171\s+csv\s+12/);
  });
});
