// The lethal trifecta rule set on real MCP tool sets (Cisco mcp-scanner's eval servers and fixtures) and on
// agents built here: which tool supplies each leg, whether all three meet, and which leg is cheapest to break.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyTool, type ToolInfo } from '../../../src-main/engine/ai-posture/tool-legs';
import { assessTrifecta } from '../../../src-main/engine/ai-posture/trifecta';

const dataDir = new URL('../../../../shared/data/mcp-tool-poisoning/cisco-mcp-scanner/', import.meta.url);
interface EvalTool { category: string; label: string; tool_name: string; params: string[]; description: string }
const evalTools = (JSON.parse(readFileSync(new URL('eval_tool_descriptions.json', dataDir), 'utf8')) as { tools: EvalTool[] }).tools;
const asTool = (t: EvalTool): ToolInfo => ({ name: t.tool_name, description: t.description, inputSchema: { properties: Object.fromEntries(t.params.map((p) => [p, {}])) } });
const category = (c: string) => evalTools.filter((t) => t.category === c).map(asTool);
const suppliers = (r: ReturnType<typeof assessTrifecta>, leg: string) => r.legs.find((l) => l.leg === leg)?.tools.map((t) => t.tool);

describe('lethal trifecta', () => {
  test('an agent that reads private files, fetches web pages and sends email has all three legs, each named', () => {
    const r = assessTrifecta([{ name: 'fs/read_file' }, { name: 'web/fetch_page' }, { name: 'gmail/send_email' }, { name: 'math/add' }]);
    expect(r.complete).toBe(true);
    expect(suppliers(r, 'private_data')).toEqual(['fs/read_file']);
    expect(suppliers(r, 'untrusted_content')).toEqual(['web/fetch_page']);
    expect(suppliers(r, 'external_comms')).toEqual(['gmail/send_email']);
    // one tool per leg: the tie goes to cutting the outbound channel
    expect(r.cheapest_leg).toBe('external_comms');
    expect(r.cheapest_reason).toContain('gmail/send_email');
  });

  test('the cheapest leg is the one with the fewest tools to block', () => {
    const r = assessTrifecta([{ name: 'read_file' }, { name: 'fetch_url' }, { name: 'browse_web' }, { name: 'send_email' }, { name: 'post_slack_message' }, { name: 'publish_tweet' }]);
    expect(r.complete).toBe(true);
    expect(r.cheapest_leg).toBe('private_data');
  });

  test('an analyst override replaces the rules for that tool and can break the trifecta', () => {
    const tools = [{ name: 'read_file' }, { name: 'fetch_page' }, { name: 'send_email' }];
    const r = assessTrifecta(tools, new Map([['send_email', []]]));
    expect(r.complete).toBe(false);
    expect(r.cheapest_leg).toBeNull();
    const forced = assessTrifecta([{ name: 'lookup' }], new Map([['lookup', ['private_data' as const]]]));
    expect(forced.legs.find((l) => l.leg === 'private_data')?.tools).toEqual([{ tool: 'lookup', reason: 'analyst override' }]);
  });

  test("Cisco's data-exfiltration eval server reads documents and sends email, but takes in no outside content", () => {
    const r = assessTrifecta(category('data-exfiltration'));
    expect(suppliers(r, 'private_data')).toContain('read_document');
    expect(suppliers(r, 'external_comms')).toEqual(['send_email']);
    expect(r.legs.find((l) => l.leg === 'untrusted_content')?.present).toBe(false);
    expect(r.complete).toBe(false);
    // the same agent also reaching the unauthorized-network-access server's fetch_data completes it
    const both = assessTrifecta([...category('data-exfiltration'), ...category('unauthorized-network-access')]);
    expect(both.complete).toBe(true);
    expect(suppliers(both, 'untrusted_content')).toContain('fetch_data');
  });

  test('a benign Discord server alone gives the trifecta: reading channel messages and sending messages', () => {
    const discord = evalTools.filter((t) => t.label === 'benign' && t.tool_name.startsWith('discord_')).map(asTool);
    const r = assessTrifecta(discord);
    expect(r.complete).toBe(true);
    expect(suppliers(r, 'untrusted_content')).toEqual(['discord_get_channel_messages']);
    expect(suppliers(r, 'external_comms')).toContain('discord_send_message');
  });

  test("the mcp-scanner's good wiki tools only read: no outbound leg", () => {
    const good = (JSON.parse(readFileSync(new URL('fixtures/linter_good_tools.json', dataDir), 'utf8')) as { tools: ToolInfo[] }).tools;
    const r = assessTrifecta(good);
    expect(r.legs.find((l) => l.leg === 'external_comms')?.present).toBe(false);
    expect(classifyTool(good[0] as ToolInfo).map((m) => m.leg)).toEqual(['private_data']);
  });

  test('classification uses the input schema and description, not just the name', () => {
    expect(classifyTool({ name: 'notify', inputSchema: { properties: { to: {} } } }).map((m) => m.leg)).toEqual(['external_comms']);
    expect(classifyTool({ name: 'summarize', inputSchema: { properties: { url: {} } } }).map((m) => m.leg)).toEqual(['untrusted_content']);
    expect(classifyTool({ name: 'helper', description: 'Uploads the report to an external server.' }).map((m) => m.leg)).toEqual(['external_comms']);
    expect(classifyTool({ name: 'add_numbers', description: 'Adds two numbers.' })).toEqual([]);
  });
});
