// What the CLI prints never carries a control character raw: a rejected telemetry line full of escape
// sequences, and an agent's name and reason on a policy, come out escaped (\u001b…) in `rejects` and
// `policy show`, as tables and as --json (which stays valid JSON and parses back to the stored text).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { escapeControls } from '../../../src-main/cli/terminal-text';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { securityLogs, tempDir } from '../ingest/helpers';

/** Clears the screen, sets the window title, paints "ALL CLEAR" red, and (C1 CSI) moves the cursor. */
const HOSTILE = '\u001b]0;owned\u0007\u001b[2J\u001b[31mALL CLEAR\u001b[0m\r\u009b2K';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function run(dir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: true, stderrIsTTY: false, env: {} };
  const code = await runCli([...args, '--data-dir', dir], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('terminal output', () => {
  it('escapes every control character but line feeds, as \\uXXXX', () => {
    expect(escapeControls('a\u001b[31mb\tc\nd\u009be\u202ef')).toBe('a\\u001b[31mb\\u0009c\nd\\u009be\\u202ef');
    expect(escapeControls('one\ntwo', { inline: true })).toBe('one\\u000atwo');
  });

  it('shows a rejected line with escape sequences escaped in `rejects`, in the table and in --json', async () => {
    const dir = tempDir('tm-term-');
    const eve = readFileSync(join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json'), 'utf8').split('\n').slice(0, 20).join('\n');
    const file = join(dir, 'eve-with-garbage.json');
    writeFileSync(file, `${eve}\n${HOSTILE}\n`);
    const ingested = await run(dir, 'ingest', file);
    expect(ingested.code).toBe(0);
    expect(ingested.out).not.toMatch(RAW);

    const table = await run(dir, 'rejects');
    expect(table.code).toBe(0);
    expect(table.out).not.toMatch(RAW);
    expect(table.out).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mALL CLEAR');
    const json = await run(dir, 'rejects', '--json');
    expect(json.out).not.toMatch(RAW);
    const rejects = (JSON.parse(json.out) as { rejects: { excerpt: string }[] }).rejects;
    expect(rejects.map((r) => r.excerpt).join('')).toContain('\u001b]0;owned\u0007\u001b[2J');
  });

  it('shows an agent name and reason with escape sequences escaped in `policy show`', async () => {
    const dir = tempDir('tm-term-policy-');
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    const agent = { type: 'mcp_agent' as const, id: 'key_01X', name: `helper${HOSTILE}` };
    const blocked = dispatch(engine, 'policy.blockDestination', { destination: '198.51.100.7', reason: `routine${HOSTILE}` }, { actor: agent, scopes: ['admin'] });
    engine.close();
    const policy_id = blocked.policy_id as string;

    const shown = await run(dir, 'policy', 'show', policy_id);
    expect(shown.code).toBe(0);
    expect(shown.out).not.toMatch(RAW);
    expect(shown.out).toContain('routine\\u001b]0;owned');
    expect(shown.out).toContain('(helper\\u001b]0;owned');
    const json = await run(dir, 'policy', 'show', policy_id, '--json');
    expect(json.out).not.toMatch(RAW);
    const parsed = JSON.parse(json.out) as { history: { reason: string; actor: { name: string } }[] };
    expect(parsed.history[0]).toMatchObject({ reason: `routine${HOSTILE}`, actor: { name: `helper${HOSTILE}` } });
  });
});
