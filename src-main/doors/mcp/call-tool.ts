// One tools/call: look the key up again (a revoked key stops at once), attach the agent as actor, run
// the operation through dispatch (which checks scope and input and audits the call), and answer with
// structuredContent plus the JSON as text, or a tool error that says what was wrong. Throws only for an
// unknown tool, which the MCP spec answers as a protocol error (-32602).
import { ErrorCode, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '@shared/domain/actor';
import { auditRefusal, dispatch, dispatchOrHold, type CallContext } from '../../engine/dispatch';
import type { Engine } from '../../engine/engine';
import { UserError } from '../../engine/errors';
import { doorFault } from '../../engine/db/store-fault';
import type { ApiKey } from '../../engine/keys/key-store';
import { protocolError } from './params-check';
import { auditRefusalWhenFree, withBusyRetry } from '../busy-retry';
import { subscribeEvents, type Extra } from './subscribe-events';
import { toolCatalog } from './tool-catalog';

/** Who is calling: the API key of the connection and, once the client said it, the agent's name. */
export interface McpCaller {
  keyId: string;
  clientName(): string | undefined;
}

export function callerActor(caller: McpCaller): Actor {
  const name = caller.clientName();
  return { type: 'mcp_agent', id: caller.keyId, ...(name ? { name } : {}) };
}

const isActive = (key: ApiKey | null): key is ApiKey => key !== null && key.revoked_at === null;

const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });
const success = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> });

export async function callTool(engine: Engine, caller: McpCaller, toolName: string, args: unknown, extra: Extra): Promise<CallToolResult> {
  const actor = callerActor(caller);
  const tool = toolCatalog().get(toolName);
  const action = tool?.op.name ?? `mcp.${toolName}`;
  const key = engine.keys.get(caller.keyId);
  const revokedAt = key?.revoked_at;
  try {
    if (!isActive(key)) throw new UserError('forbidden', `the API key ${caller.keyId} was revoked${revokedAt ? ` at ${revokedAt}` : ''}; ask for a new key`, 'key');
    if (!tool) throw new UserError('not_found', `unknown tool '${toolName}'; tools/list shows the tools this key may call`, 'name');
  } catch (err) {
    auditRefusal(engine, actor, action, args, err);
    // The MCP spec makes an unknown tool a protocol error (-32602), unlike a tool's own failures.
    if (isActive(key)) throw protocolError(ErrorCode.InvalidParams, `Unknown tool: ${toolName}; tools/list shows the tools this key may call`);
    return errorResult(engine, err, action);
  }
  const ctx: CallContext = { actor, scopes: key.scopes, auditCalls: true };
  try {
    if (tool.op.name === 'events.subscribe') return success(await subscribeEvents(engine, ctx, args, extra, () => isActive(engine.keys.get(caller.keyId))));
    // A database busy with another writer is waited for without blocking the server (busy-retry.ts).
    const outcome = await withBusyRetry(() => key.require_approval
      ? dispatchOrHold(engine, tool.op.name, args, ctx, (name, input) => engine.approvals.hold(name, input, actor, key))
      : { result: dispatch(engine, tool.op.name, args, ctx) });
    if ('held' in outcome) return success(outcome.held);
    // Shaped by the output schema the client validates against (unknown fields dropped).
    const shaped = tool.op.output.safeParse(outcome.result);
    if (!shaped.success) throw new Error(`${action} returned a result its output schema refuses: ${shaped.error.message}`);
    return success(shaped.data);
  } catch (err) {
    if (err instanceof UserError && err.code === 'busy') void auditRefusalWhenFree(engine, actor, action, args, err);
    if (err instanceof UserError && err.code === 'forbidden' && err.field === 'scope') return toolError(`forbidden: ${err.message}; this API key has: ${key.scopes.join(', ')}`);
    return errorResult(engine, err, action);
  }
}

function errorResult(engine: Engine, err: unknown, action: string): CallToolResult {
  const user = doorFault(err);
  if (user) return toolError(`${user.code}: ${user.message}`);
  // Internals (stack, SQL, paths) go to the local log on stderr, never to the agent.
  engine.log.error('mcp tool call failed', { action, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return toolError(`internal: ${action} failed unexpectedly; the Threatmatic log has the details`);
}
