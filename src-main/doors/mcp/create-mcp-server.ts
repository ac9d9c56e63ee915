// One MCP server for one connection (a stdio process or an HTTP session), bound to one API key.
// The low-level Server is used rather than McpServer.registerTool because the door needs what McpServer
// decides alone: tools/list per key scope, and input checked by dispatch so a bad call is audited and
// answered with the field it got wrong. Declares tools and logging (events arrive as log messages).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Engine } from '../../engine/engine';
import { auditRefusal } from '../../engine/dispatch';
import { UserError } from '../../engine/errors';
import { callerActor, callTool } from './call-tool';
import { protocolError, REFUSED } from './params-check';
import { MCP_SERVER_VERSION } from './server-version';
import { toolsForKey } from './tool-catalog';

const MCP_SERVER_NAME = 'threatmatic';

const INSTRUCTIONS = `Threatmatic: the security posture of this fleet (devices, users, workloads), its anomalies and incidents,
threat intelligence, and identity-scoped policy actions. Every call is recorded in the audit log under this API key
and your client name. subscribe_events holds the call open and sends each event as a notifications/message
(logger "threatmatic.events") and, with a progressToken, as a progress notification; resume with next_cursor.`;

export function createMcpServer(engine: Engine, keyId: string): Server {
  const server = new Server(
    { name: MCP_SERVER_NAME, title: 'Threatmatic', version: MCP_SERVER_VERSION },
    { capabilities: { tools: { listChanged: false }, logging: {} }, instructions: INSTRUCTIONS },
  );
  const caller = { keyId, clientName: () => server.getClientVersion()?.name };

  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const key = engine.keys.get(keyId);
    if (!key || key.revoked_at) {
      const message = `the API key ${keyId} was revoked; ask for a new key`;
      auditRefusal(engine, callerActor(caller), 'mcp.tools/list', request.params ?? {}, new UserError('forbidden', message, 'key'));
      throw protocolError(REFUSED, message);
    }
    return { tools: toolsForKey(key) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callTool(engine, caller, request.params.name, request.params.arguments, extra));
  server.onerror = (err) => engine.log.warn('mcp protocol error', { error: err.message });
  return server;
}
