// A transport wrapper that checks each request's params against the SDK's own schema for its method
// before the server sees it, so a malformed request is answered with JSON-RPC -32602 (Invalid params)
// and a message naming the field. Without it the SDK (1.32) answers a schema failure with -32603
// (Internal error) and the raw zod issues as the message. Unknown methods pass through (the server
// answers -32601); notifications and responses pass through untouched.
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema, ErrorCode, InitializeRequestSchema, isJSONRPCRequest, ListToolsRequestSchema, PingRequestSchema, SetLevelRequestSchema,
  type JSONRPCErrorResponse, type JSONRPCMessage, type JSONRPCRequest, type MessageExtraInfo,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { describeIssues } from '../../engine/dispatch';

/** The requests this server answers (create-mcp-server registers a handler for each), by method. */
const REQUEST_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
  ['logging/setLevel', SetLevelRequestSchema],
]);

/** JSON-RPC's implementation-defined server error: a refusal (revoked key, session, cap, Host/Origin). */
export const REFUSED = -32000;

/**
 * An error a request handler throws to answer with this JSON-RPC code and message as they are (an
 * McpError would prefix "MCP error <code>:" to the message on the wire).
 */
export function protocolError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

/** The -32602 answer for a request whose params its method's schema refuses, or null when they pass. */
export function invalidParams(request: JSONRPCRequest): JSONRPCErrorResponse | null {
  const schema = REQUEST_SCHEMAS.get(request.method);
  const checked = schema?.safeParse(request);
  if (!checked || checked.success) return null;
  return { jsonrpc: '2.0', id: request.id, error: { code: ErrorCode.InvalidParams, message: `Invalid params for ${request.method}: ${describeIssues(checked.error)}` } };
}

export class ParamsCheckedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(private readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async start(): Promise<void> {
    // Handlers the inner transport's owner set (e.g. the HTTP door's session bookkeeping) keep running.
    const ownerClose = this.inner.onclose;
    const ownerError = this.inner.onerror;
    this.inner.onclose = () => {
      ownerClose?.();
      this.onclose?.();
    };
    this.inner.onerror = (error) => {
      ownerError?.(error);
      this.onerror?.(error);
    };
    this.inner.onmessage = (message, extra) => {
      const refusal = isJSONRPCRequest(message) ? invalidParams(message) : null;
      if (!refusal) return this.onmessage?.(message, extra);
      this.inner.send(refusal).catch((err: unknown) => this.onerror?.(err instanceof Error ? err : new Error(String(err))));
    };
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
