// `threatmatic serve`: the web console and its HTTP API on 127.0.0.1, behind a console token.
import { stringOpt, intOpt, CliUsageError, type CliCommand } from '../command';
import { generateConsoleToken, tokenProblem } from '../../doors/http/console-token';
import { allowedHosts } from '../../doors/http/host-guard';
import { CORS_ENV, parseCorsOrigins } from '../../doors/http/rest/cors';
import { findRendererDir } from '../../doors/http/static-files';
import { sessionLimitsFromEnv, type SessionLimits } from '../../doors/mcp/session-limits';
import { seedDemoFleet } from '../../engine/simulate/demo';
import type { SimulationSummary } from '../../engine/simulate/run-simulation';
import { escapeControls } from '../terminal-text';

export const DEFAULT_PORT = 4870;

/** Resolves on the first SIGINT or SIGTERM, so the command can close the server and the engine. */
function untilShutdown(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function describeSeed(s: SimulationSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return [
    `Seeded the demo fleet in ${s.seconds} s: ${n(s.devices)} devices, ${n(s.users)} users, ${n(s.workloads)} workloads,`,
    `${n(s.events)} events from ${s.start} to ${s.end} (${s.hours} h), ${s.attacks.length} simulated attacks (seed ${s.seed}).`,
  ].join('\n');
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the web console and its HTTP API on this machine',
  maxArgs: 0,
  options: {
    port: { type: 'string', description: `Port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, valueName: 'PORT' },
    host: { type: 'string', description: 'Interface to bind (default 127.0.0.1; anything else exposes the console beyond this machine)', valueName: 'HOST' },
    token: { type: 'string', description: 'Console token (default: $THREATMATIC_CONSOLE_TOKEN, else a new random one)', valueName: 'TOKEN' },
    'no-demo': { type: 'boolean', description: 'Do not seed the demo fleet into an empty database' },
    'cors-origin': { type: 'string', multiple: true, description: `A browser origin allowed to call /api/v1, e.g. chrome-extension://ID (repeatable; also $${CORS_ENV}, comma-separated; none by default)`, valueName: 'ORIGIN' },
  },
  details: `The console URL printed at start carries the token in its fragment (#token=…): open it in a browser.
REST API: /api/v1 with an API key (X-Org-Key: tm_… or Authorization: Bearer tm_…); OpenAPI at
/api/v1/openapi.json, interactive docs at /docs, live signals at /api/v1/signals/stream, GET /healthz.
Console API: GET /api/ops lists operations; POST /api/ops/<name> with a JSON body runs one
(header: Authorization: Bearer <token>). MCP (Streamable HTTP) at /mcp, with an API key
(Authorization: Bearer tm_…; see \`threatmatic keys create\` and docs/mcp.md). MCP session limits:
THREATMATIC_MCP_MAX_SESSIONS (256), THREATMATIC_MCP_MAX_SESSIONS_PER_KEY (16), THREATMATIC_MCP_IDLE_MINUTES (30).
Stop with Ctrl-C.`,
  async run(ctx) {
    const port = intOpt(ctx, 'port', DEFAULT_PORT, 0);
    if (port > 65535) throw new CliUsageError(`--port must be at most 65535, got ${port}`);
    const host = stringOpt(ctx, 'host') ?? '127.0.0.1';
    const token = stringOpt(ctx, 'token') ?? (process.env.THREATMATIC_CONSOLE_TOKEN || generateConsoleToken());
    const problem = tokenProblem(token);
    if (problem) throw new CliUsageError(`the console token ${problem}`);

    let corsOrigins: string[];
    try {
      const flagged = ctx.values['cors-origin'];
      corsOrigins = parseCorsOrigins([...(Array.isArray(flagged) ? flagged : typeof flagged === 'string' ? [flagged] : []), ...(ctx.env[CORS_ENV] ? [ctx.env[CORS_ENV]] : [])]);
    } catch (err) {
      throw new CliUsageError(`--cors-origin: ${(err as Error).message}`);
    }

    let mcpLimits: SessionLimits;
    try {
      mcpLimits = sessionLimitsFromEnv(process.env);
    } catch (err) {
      throw new CliUsageError((err as Error).message);
    }

    // The doors (HTTP server, REST, MCP with its SDK) are loaded by the one command that serves them: every
    // other command of this binary, a one-shot ingest above all, starts without their module graph.
    const [{ createConsoleServer, CONSOLE_ACTOR }, { mountRestDoor }, { mountExtensionDoor }, { createMcpHttpDoor, MCP_PATH }] = await Promise.all([
      import('../../doors/http/create-http-server'),
      import('../../doors/http/rest/rest-door'),
      import('../../doors/http/extension-door'),
      import('../../doors/mcp/http-door'),
    ]);
    const engine = ctx.engine({ longRunning: true });
    let seeded: SimulationSummary | null = null;
    if (!ctx.values['no-demo'] && engine.inventory.listDevices({ limit: 1, offset: 0 }).total === 0) {
      ctx.note('The database has no devices: seeding the demo fleet (use --no-demo to start empty)…');
      let lastPhase = '';
      seeded = seedDemoFleet(engine, {
        actor: ctx.actor,
        onProgress: (p) => {
          if (p.phase === lastPhase) return;
          lastPhase = p.phase;
          ctx.note(`demo fleet: ${p.phase}…`);
        },
      });
    }

    engine.startBackground({ detectors: true });
    const rendererDir = findRendererDir(import.meta.url);
    if (!rendererDir) ctx.note('warning: the console UI is not built (run `npm run build`); the API works, the page will say so.');
    const server = createConsoleServer({ engine, token, host, port, rendererDir, actor: CONSOLE_ACTOR });
    let info: Awaited<ReturnType<typeof server.listen>> | undefined;
    // The MCP Streamable HTTP endpoint: its own API-key auth; sessions start after listen(), when the port is known.
    const mcp = createMcpHttpDoor({ engine, allowedHosts: () => (info ? allowedHosts(info.host, info.port) : []), ...mcpLimits });
    server.mount(MCP_PATH, mcp.handler, { auth: 'own', refuse: mcp.refuseForeign });
    const rest = mountRestDoor(server, { engine, corsOrigins });
    mountExtensionDoor(server, engine);
    try {
      info = await server.listen();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliUsageError(`port ${port} on ${host} is already in use; pick another with --port`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliUsageError(`cannot bind to host '${host}': not an address of this machine`);
      throw err;
    }
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      ctx.note(`warning: listening on ${host}: anyone who can reach this address and has the token can use the console.`);
    }
    const mcpUrl = `${new URL(info.url).origin}${MCP_PATH}`;
    const apiUrl = `${new URL(info.url).origin}/api/v1`;
    const started = { url: info.url, host: info.host, port: info.port, mcp_url: mcpUrl, api_url: apiUrl, docs_url: `${new URL(info.url).origin}/docs`, data_dir: ctx.dataDir, seeded };
    if (ctx.json) {
      // One line, so a supervisor can read it while the server keeps running.
      process.stdout.write(escapeControls(`${JSON.stringify(started)}\n`));
    } else {
      if (seeded) ctx.emit(started, describeSeed(seeded));
      ctx.emit(started, `Threatmatic console: ${info.url}\nMCP endpoint: ${mcpUrl} (Authorization: Bearer <API key from \`threatmatic keys create\`>)\nREST API: ${apiUrl} (X-Org-Key: <API key>; docs at ${started.docs_url})${corsOrigins.length ? `, browser origins allowed: ${corsOrigins.join(', ')}` : ''}\nData: ${ctx.dataDir}\nPress Ctrl-C to stop.`);
    }

    const signal = await untilShutdown();
    ctx.note(`${signal}: stopping the console…`);
    rest.close();
    await mcp.close();
    await server.close();
  },
};
