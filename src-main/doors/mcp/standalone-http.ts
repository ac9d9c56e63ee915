// The desktop app's local HTTP server: the console HTTP server (Host/Origin guard, limits) on 127.0.0.1
// with /mcp and the /api/v1 REST door (with /healthz and /docs) in use. Its console token is random and
// never shown, so the console's /api/ops stays closed; agents and scripts use API keys.
import { generateConsoleToken } from '../http/console-token';
import { createConsoleServer } from '../http/create-http-server';
import { allowedHosts } from '../http/host-guard';
import { CORS_ENV, parseCorsOrigins } from '../http/rest/cors';
import { mountRestDoor } from '../http/rest/rest-door';
import type { Engine } from '../../engine/engine';
import { createMcpHttpDoor, MCP_PATH } from './http-door';
import { sessionLimitsFromEnv } from './session-limits';

/** Where the desktop app listens for MCP clients unless THREATMATIC_MCP_PORT says otherwise (serve mode uses 4870). */
export const DESKTOP_MCP_PORT = 4871;

export interface StandaloneMcp {
  url: string;
  close(): Promise<void>;
}

export async function startStandaloneMcp(engine: Engine, opts: { port?: number; host?: string } = {}): Promise<StandaloneMcp> {
  const server = createConsoleServer({ engine, token: generateConsoleToken(), host: opts.host ?? '127.0.0.1', port: opts.port ?? DESKTOP_MCP_PORT, rendererDir: null });
  let bound: { host: string; port: number } | undefined;
  const door = createMcpHttpDoor({ engine, allowedHosts: () => (bound ? allowedHosts(bound.host, bound.port) : []), ...sessionLimitsFromEnv(process.env) });
  server.mount(MCP_PATH, door.handler, { auth: 'own', refuse: door.refuseForeign });
  const rest = mountRestDoor(server, { engine, corsOrigins: parseCorsOrigins(process.env[CORS_ENV] ? [process.env[CORS_ENV]] : []) });
  try {
    const info = await server.listen();
    bound = info;
    return {
      url: `${new URL(info.url).origin}${MCP_PATH}`,
      close: async () => {
        rest.close();
        await door.close();
        await server.close();
      },
    };
  } catch (err) {
    rest.close();
    await door.close();
    throw err;
  }
}
