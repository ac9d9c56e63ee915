// `threatmatic intel import` and `intel lookup`: JSON and human output, exit codes, errors.
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { intelData, tempDir, tempFile } from './helpers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('threatmatic intel', () => {
  it('imports a file and looks an indicator up, as JSON', async () => {
    const dir = tempDir();
    const a = io();
    expect(await runCli(['intel', 'import', intelData('stix/apt1.json'), '--feed', 'mandiant-apt1', '--json', '--data-dir', dir], a.value)).toBe(0);
    expect(JSON.parse(a.out())).toMatchObject({ feed: 'mandiant-apt1', format: 'stix', imported: 10 });
    const b = io();
    expect(await runCli(['intel', 'lookup', 'arrowservice.net', '--json', '--data-dir', dir], b.value)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ indicator: 'arrowservice.net', type: 'domain', reputation: 'malicious', feed_sources: 1, blocked_in_fleet: false, block_policy_id: null });
  });

  it('prints a readable summary with the rejected lines, and human lookups', async () => {
    const dir = tempDir();
    const a = io();
    expect(await runCli(['intel', 'import', tempFile('l.txt', '203.0.113.9\nbogus\n'), '--category', 'scanner', '--data-dir', dir], a.value)).toBe(0);
    expect(a.out()).toMatch(/imported\s+1/);
    expect(a.out()).toMatch(/2\s+'bogus': a domain name needs at least two labels/);
    const b = io();
    expect(await runCli(['intel', 'lookup', '203.0.113.9', '--data-dir', dir], b.value)).toBe(0);
    expect(b.out()).toMatch(/reputation\s+malicious/);
    expect(b.out()).toMatch(/categories\s+scanner/);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const dir = tempDir();
    const a = io();
    expect(await runCli(['intel', 'lookup', 'not an ip', '--data-dir', dir], a.value)).toBe(2);
    expect(a.err()).toMatch(/indicator: 'not an ip' is not an IP address/);
    const b = io();
    expect(await runCli(['intel', 'import', intelData('stix/interop-objectmarking-test.json'), '--data-dir', dir], b.value)).toBe(2);
    expect(b.err()).toMatch(/not a STIX 2.1 bundle/);
    const c = io();
    expect(await runCli(['intel', 'import', tempFile('all-bad.txt', 'x\ny\n'), '--data-dir', dir], c.value)).toBe(2);
    const d = io();
    expect(await runCli(['intel', 'import', intelData('blocklists/firehol_feodo.ipset'), '--reputation', 'evil', '--data-dir', dir], d.value)).toBe(2);
    expect(d.err()).toMatch(/--reputation must be/);
  });
});
