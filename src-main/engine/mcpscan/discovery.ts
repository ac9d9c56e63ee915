// Finds the MCP servers configured on this machine: the config files of the common MCP clients (Claude
// Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI, Cline, Zed) on their Linux, macOS and
// Windows paths, an extra file the user names, and the project files in the working directory. Every
// path form is tried relative to the given home, so a scan of a copied home dir finds a Mac's or a
// Windows user's configs too. Reads only; a file that does not parse is reported, not fatal.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonc } from './jsonc';

export interface DiscoveredServer {
  name: string;
  transport: 'stdio' | 'streamable_http' | 'sse';
  command: string | null;
  args: string[];
  env: Record<string, string>;
  cwd: string | null;
  url: string | null;
  headers: Record<string, string>;
  /** Which client's config named it, the file, and the JSON pointer of its entry there. */
  source: { client: string; file: string; pointer: string };
}

export interface DiscoveryProblem { file: string; client: string; reason: string }

interface ConfigLocation { client: string; path: string; /** JSON pointers of objects mapping server name → entry. */ keys: string[][] }

/** The documented list (docs/mcp-scan.md): client, file relative to home, where servers sit in it. */
function clientConfigLocations(home: string, cwd: string | null): ConfigLocation[] {
  const mac = join(home, 'Library', 'Application Support');
  const linux = join(home, '.config');
  const win = join(home, 'AppData', 'Roaming');
  const perOs = (rel: string[]) => [join(mac, ...rel), join(linux, ...rel), join(win, ...rel)];
  const out: ConfigLocation[] = [];
  const add = (client: string, paths: string[], keys: string[][]) => { for (const path of paths) out.push({ client, path, keys }); };
  add('claude_desktop', perOs(['Claude', 'claude_desktop_config.json']), [['mcpServers']]);
  add('claude_code', [join(home, '.claude.json')], [['mcpServers'], ['projects', '*', 'mcpServers']]);
  add('cursor', [join(home, '.cursor', 'mcp.json')], [['mcpServers']]);
  add('vscode', perOs(['Code', 'User', 'settings.json']), [['mcp', 'servers']]);
  add('vscode', perOs(['Code', 'User', 'mcp.json']), [['servers']]);
  add('windsurf', [join(home, '.codeium', 'windsurf', 'mcp_config.json')], [['mcpServers']]);
  add('gemini_cli', [join(home, '.gemini', 'settings.json')], [['mcpServers']]);
  add('cline', perOs(['Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json']), [['mcpServers']]);
  add('zed', [join(linux, 'zed', 'settings.json')], [['context_servers']]);
  if (cwd) {
    add('claude_code', [join(cwd, '.mcp.json')], [['mcpServers']]);
    add('cursor', [join(cwd, '.cursor', 'mcp.json')], [['mcpServers']]);
    add('vscode', [join(cwd, '.vscode', 'mcp.json')], [['servers']]);
    add('gemini_cli', [join(cwd, '.gemini', 'settings.json')], [['mcpServers']]);
  }
  return out;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringMap = (v: unknown): Record<string, string> =>
  isObject(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/** One config entry as a server, or null when it names neither a command nor a URL. */
function entryToServer(name: string, entry: unknown, source: DiscoveredServer['source']): DiscoveredServer | null {
  if (!isObject(entry)) return null;
  // Zed nests the launch under `command: {path, args, env}`.
  const nested = isObject(entry.command) ? entry.command : null;
  const command = typeof entry.command === 'string' ? entry.command : typeof nested?.path === 'string' ? nested.path : null;
  const url = typeof entry.url === 'string' ? entry.url : typeof entry.serverUrl === 'string' ? entry.serverUrl : typeof entry.httpUrl === 'string' ? entry.httpUrl : null;
  if (!command && !url) return null;
  const type = String(entry.type ?? entry.transport ?? '').toLowerCase();
  const transport = command ? 'stdio' : type === 'sse' ? 'sse' : 'streamable_http';
  return {
    name, transport, command, url: command ? null : url,
    args: strings(nested ? nested.args : entry.args), env: stringMap(nested ? nested.env : entry.env),
    cwd: typeof entry.cwd === 'string' ? entry.cwd : null, headers: stringMap(entry.headers), source,
  };
}

/** The servers one config file declares, at the given key paths ('*' matches every key at that level). */
function serversInConfig(client: string, file: string, doc: unknown, keys: string[][]): DiscoveredServer[] {
  const out: DiscoveredServer[] = [];
  const walk = (node: unknown, rest: string[], pointer: string) => {
    if (!isObject(node)) return;
    if (rest.length === 0) {
      for (const [name, entry] of Object.entries(node)) {
        const s = entryToServer(name, entry, { client, file, pointer: `${pointer}/${escapePointer(name)}` });
        if (s) out.push(s);
      }
      return;
    }
    const [head, ...tail] = rest;
    const children = head === '*' ? Object.keys(node) : [head];
    for (const k of children) walk(node[k], tail, `${pointer}/${escapePointer(k)}`);
  };
  for (const k of keys) walk(doc, k, '');
  return out;
}

function readConfig(path: string): unknown {
  return parseJsonc(readFileSync(path, 'utf8'));
}

/** Every server the clients' config files on this machine (and `extra` files) declare. */
export function discoverServers(opts: { home: string; cwd?: string | null; extraConfigs?: string[] }): { servers: DiscoveredServer[]; problems: DiscoveryProblem[]; files: string[] } {
  const servers: DiscoveredServer[] = [];
  const problems: DiscoveryProblem[] = [];
  const files: string[] = [];
  const locations = clientConfigLocations(opts.home, opts.cwd ?? null);
  // An extra file may be any client's shape: try every key layout we know.
  for (const path of opts.extraConfigs ?? []) locations.push({ client: 'config', path, keys: [['mcpServers'], ['servers'], ['mcp', 'servers'], ['context_servers'], ['projects', '*', 'mcpServers']] });
  const seen = new Set<string>();
  for (const loc of locations) {
    if (seen.has(`${loc.client}\0${loc.path}`)) continue;
    seen.add(`${loc.client}\0${loc.path}`);
    if (!existsSync(loc.path)) {
      if (loc.client === 'config') problems.push({ file: loc.path, client: loc.client, reason: 'file not found' });
      continue;
    }
    files.push(loc.path);
    try {
      servers.push(...serversInConfig(loc.client, loc.path, readConfig(loc.path), loc.keys));
    } catch (err) {
      problems.push({ file: loc.path, client: loc.client, reason: `not valid JSON: ${(err as Error).message}` });
    }
  }
  return { servers, problems, files };
}
