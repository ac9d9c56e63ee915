// Discovery reads every documented client config shape from a fake HOME (macOS, Linux and Windows
// paths), JSON with comments included, and names the file and JSON pointer of each entry; an unreadable
// file is a problem, not a crash. Catalogue matching knows reference servers by their npm/PyPI package
// or URL, and the user's catalogue in the data dir extends the bundled one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverServers } from '../../../src-main/engine/mcpscan/discovery';
import { loadCatalog, matchCatalog, trustOf } from '../../../src-main/engine/mcpscan/catalog';

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

function put(rel: string, text: string): string {
  const p = join(home, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('MCP server discovery', () => {
  it('finds servers in every client config shape and location', () => {
    home = mkdtempSync(join(tmpdir(), 'tm-disc-'));
    const cwd = join(home, 'project');
    const std = (cmd: string) => JSON.stringify({ mcpServers: { [cmd]: { command: 'npx', args: ['-y', cmd] } } });
    put('Library/Application Support/Claude/claude_desktop_config.json', std('mac-claude'));
    put('AppData/Roaming/Claude/claude_desktop_config.json', std('win-claude'));
    put('.claude.json', JSON.stringify({ mcpServers: { user: { command: 'uvx', args: ['mcp-server-git'] } }, projects: { '/p/a': { mcpServers: { proj: { type: 'http', url: 'https://mcp.example.com/mcp' } } } } }));
    put('project/.mcp.json', std('project-mcp'));
    put('.cursor/mcp.json', std('cursor'));
    put('.config/Code/User/settings.json', '{\n // comment\n "mcp": { "servers": { "vs": { "type": "sse", "url": "http://127.0.0.1:9/sse" }, }, },\n}');
    put('project/.vscode/mcp.json', JSON.stringify({ servers: { vsproj: { command: 'node', args: ['x.js'], env: { TOKEN: 't' } } } }));
    put('.codeium/windsurf/mcp_config.json', JSON.stringify({ mcpServers: { wind: { serverUrl: 'https://w.example/mcp' } } }));
    put('.gemini/settings.json', JSON.stringify({ mcpServers: { gem: { httpUrl: 'https://g.example/mcp' } } }));
    put('.config/zed/settings.json', JSON.stringify({ context_servers: { zed: { command: { path: 'zed-mcp', args: ['--x'], env: {} } } } }));
    put('.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json', std('cline'));
    const broken = put('.cursor/../.gemini/../bad/mcp.json', '{ not json');
    const { servers, problems } = discoverServers({ home, cwd, extraConfigs: [broken, join(home, 'missing.json')] });
    const by = Object.fromEntries(servers.map((s) => [s.name, s]));
    expect(Object.keys(by).sort()).toEqual(['cline', 'cursor', 'gem', 'mac-claude', 'proj', 'project-mcp', 'user', 'vs', 'vsproj', 'wind', 'win-claude', 'zed'].sort());
    expect(by.proj).toMatchObject({ transport: 'streamable_http', url: 'https://mcp.example.com/mcp', source: { client: 'claude_code', pointer: '/projects/~1p~1a/mcpServers/proj' } });
    expect(by.vs).toMatchObject({ transport: 'sse', source: { client: 'vscode', pointer: '/mcp/servers/vs' } });
    expect(by.vsproj).toMatchObject({ transport: 'stdio', command: 'node', env: { TOKEN: 't' } });
    expect(by.zed).toMatchObject({ command: 'zed-mcp', args: ['--x'], source: { client: 'zed' } });
    expect(by.wind.url).toBe('https://w.example/mcp');
    expect(by['win-claude'].source.client).toBe('claude_desktop');
    expect(problems.map((p) => p.reason)).toEqual([expect.stringMatching(/^not valid JSON/), 'file not found']);
  });
});

describe('catalogue trust', () => {
  it('knows reference servers by package or URL, scores verified and unknown publishers apart, and takes user entries', () => {
    home = mkdtempSync(join(tmpdir(), 'tm-cat-'));
    const c = loadCatalog(null);
    const fs = matchCatalog(c, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/srv'], url: null });
    expect(fs?.server.publisher).toBe('modelcontextprotocol');
    expect(matchCatalog(c, { command: 'uvx', args: ['mcp-server-git'], url: null })?.server.registry).toBe('pypi');
    expect(matchCatalog(c, { command: null, args: [], url: 'https://api.githubcopilot.com/mcp/x' })?.publisher?.id).toBe('github');
    expect(matchCatalog(c, { command: 'npx', args: ['evil-mcp'], url: null })).toBeNull();
    const known = trustOf(c, fs, 'match');
    const unknown = trustOf(c, null, 'unpinned');
    const changed = trustOf(c, fs, 'changed');
    expect(known.score).toBeGreaterThan(unknown.score);
    expect(changed.score).toBeLessThan(known.score);
    expect(known.factors.map((f) => f.factor)).toEqual(['base', 'verified_publisher', 'pins_unchanged']);
    writeFileSync(join(home, 'mcp-catalog.json'), JSON.stringify({ version: '3', publishers: [{ id: 'acme', name: 'Acme', verified: true, repository: null }], servers: [{ name: 'Acme', registry: 'npm', package: 'acme-mcp', publisher: 'acme', repository: null }] }));
    const user = loadCatalog(home);
    expect(user.version).toMatch(/\+user\.3$/);
    expect(matchCatalog(user, { command: 'npx', args: ['acme-mcp'], url: null })?.publisher?.name).toBe('Acme');
    expect(matchCatalog(user, { command: 'npx', args: ['@playwright/mcp@latest'], url: null })?.publisher?.id).toBe('microsoft');
  });
});
