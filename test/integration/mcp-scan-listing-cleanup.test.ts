// A stdio MCP server launched for a listing is gone by the time listServer returns, whether the listing
// failed (a server that never answers initialize) or succeeded. The SDK's own close leaves it to unref'd
// timers, so a process that exits right after the scan (the CLI, a test worker) used to leave the server
// running. The fixture writes its pid to TEST_MCP_PID_FILE, so the check needs nothing from the scanner.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveredServer } from '../../src-main/engine/mcpscan/discovery';
import { listServer } from '../../src-main/engine/mcpscan/listing';

const SERVER = new URL('../fixtures/mcpscan/test-mcp-server.mjs', import.meta.url).pathname;

let dir: string | undefined;
let launched: number | undefined;

/** Whether a process with this pid exists (ESRCH: it does not; any other error is unexpected). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

// A failing run must not leave its server behind either.
afterEach(() => {
  if (launched !== undefined && alive(launched)) process.kill(launched, 'SIGKILL');
  launched = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A stdio server entry for the fixture in `mode` (with its args), and the file it writes its pid to. */
function fixture(...mode: string[]): { server: DiscoveredServer; pidFile: string } {
  dir ??= mkdtempSync(join(tmpdir(), 'tm-mcpscan-pid-'));
  const pidFile = join(dir, 'server.pid');
  const server: DiscoveredServer = {
    name: mode[0], transport: 'stdio', command: process.execPath, args: [SERVER, ...mode], env: { TEST_MCP_PID_FILE: pidFile },
    cwd: null, url: null, headers: {}, source: { client: 'test', file: '', pointer: '' },
  };
  return { server, pidFile };
}

function launchedPid(pidFile: string): number {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  expect(Number.isInteger(pid) && pid > 0).toBe(true);
  launched = pid;
  return pid;
}

describe('listServer leaves no launched server running', () => {
  it('kills a stdio server that never answers before the failed listing returns', async () => {
    const { server, pidFile } = fixture('hang');
    const result = await listServer(server, 3000);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/no answer within 3000 ms/) });
    expect(alive(launchedPid(pidFile))).toBe(false);
  }, 30_000);

  it('leaves no server running after a successful listing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tm-mcpscan-pid-'));
    const tools = join(dir, 'tools.json');
    writeFileSync(tools, JSON.stringify({ tools: [{ name: 'get_forecast', description: 'Get the weather forecast for a city.', inputSchema: { type: 'object' } }] }));
    const { server, pidFile } = fixture('file', tools);
    const result = await listServer(server, 20_000);
    expect(result.ok ? result.listing.tools.map((t) => t.name) : result).toEqual(['get_forecast']);
    expect(alive(launchedPid(pidFile))).toBe(false);
  }, 30_000);
});
