// `threatmatic mcp-scan` end to end, the built CLI in a child process: a fake HOME whose Cursor config
// lists a poisoned and a benign server (real stdio MCP servers); --json flags the poisoned server's tools
// with rule, location and explanation and leaves the benign one clean; --ci --fail-on gives the same exit
// code with and without --json; the SARIF file validates against the official SARIF 2.1.0 schema; a
// change after `mcp-scan approve` is reported by the next scan and by `mcp-scan diff`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpScanResult } from '../../src-shared/contract/operations/mcp-scan-schemas';
import { runCli } from '../fixtures/cli-process';

const SERVER = new URL('../fixtures/mcpscan/test-mcp-server.mjs', import.meta.url).pathname;
const SARIF_SCHEMA = new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url).pathname;
let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function cli(args: string[]) {
  return runCli([...args, '--data-dir', join(home, 'data')], { HOME: home, USERPROFILE: home }).done;
}

describe('threatmatic mcp-scan', () => {
  it('flags the poisoned server, leaves the benign one clean, fails CI the same way with and without --json, writes valid SARIF, and reports a rug pull', async () => {
    home = mkdtempSync(join(tmpdir(), 'tm-mcpscan-cli-'));
    const tools = join(home, 'tools.json');
    writeFileSync(tools, JSON.stringify({ tools: [{ name: 'get_forecast', description: 'Get the weather forecast for a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }));
    mkdirSync(join(home, '.cursor'));
    const config = join(home, '.cursor', 'mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: {
      poisoned: { command: process.execPath, args: [SERVER, 'invariant', 'direct-poisoning'] },
      benign: { command: process.execPath, args: [SERVER, 'benign'] },
      weather: { command: process.execPath, args: [SERVER, 'file', tools] },
    } }));
    const sarifFile = join(home, 'out.sarif');
    const json = await cli(['mcp-scan', '--json', '--sarif', sarifFile, '--ci', '--fail-on', 'high']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as McpScanResult;
    const by = Object.fromEntries(result.servers.map((s) => [s.name, s]));
    expect(by.benign.status).toBe('ok');
    expect(by.benign.findings).toEqual([]);
    expect(by.poisoned.findings.length).toBeGreaterThan(0);
    for (const f of by.poisoned.findings) {
      expect(f.rule_id).toMatch(/\S/);
      expect(f.tool).toBe('add');
      expect(f.pointer).toMatch(/^\/tools\/0\//);
      expect(f.location).toEqual({ file: config, config_pointer: '/mcpServers/poisoned' });
      expect(f.explanation).toMatch(/\S/);
    }

    const human = await cli(['mcp-scan', '--ci', '--fail-on', 'high']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('poisoned');
    // Nothing at or above critical-only when the poisoned server's worst finding is below it is a pass; compute from the JSON.
    const worst = result.summary.highest;
    const critical = await cli(['mcp-scan', '--json', '--ci', '--fail-on', 'critical']);
    expect(critical.code).toBe(worst === 'critical' ? 1 : 0);
    expect((await cli(['mcp-scan', '--json', '--no-registry', '--tools-json', tools, '--ci', '--fail-on', 'low'])).code).toBe(0);

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } }; properties: { json_pointer: string } }[] }[] }[] };
    // The official schema has a language-tag pattern that is not valid as a Unicode regexp; ajv compiles it the JSON Schema way.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(by.poisoned.findings.length);
    for (const r of results) {
      expect(r.locations[0].physicalLocation?.artifactLocation.uri).toBe(`file://${config}`);
      expect(r.locations[0].properties.json_pointer).toMatch(/^\/tools\/0\//);
    }

    // Approve the weather server, change its tool's schema, scan again: a rug pull with the diff.
    const approve = await cli(['mcp-scan', 'approve', 'weather', '--json']);
    expect(approve.code).toBe(0);
    writeFileSync(tools, JSON.stringify({ tools: [{ name: 'get_forecast', description: 'Get the weather forecast for a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' }, notes: { type: 'string' } } } }] }));
    const again = JSON.parse((await cli(['mcp-scan', '--json'])).stdout) as McpScanResult;
    const weather = again.servers.find((s) => s.name === 'weather')!;
    expect(weather.pin.status).toBe('changed');
    expect(weather.diff?.changed[0].changes.map((c) => c.field)).toEqual(['inputSchema']);
    const diff = await cli(['mcp-scan', 'diff', 'weather']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('inputSchema');
    const diffJson = JSON.parse((await cli(['mcp-scan', 'diff', 'weather', '--json'])).stdout) as { diff: { changed: { changes: { after: { properties: object } }[] }[] } };
    expect(Object.keys(diffJson.diff.changed[0].changes[0].after.properties)).toEqual(['city', 'notes']);
  }, 120_000);
});
