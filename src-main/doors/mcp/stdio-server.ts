// The MCP door on stdio (`threatmatic mcp`): protocol messages only on stdout, logs on stderr.
// Resolves when the client goes away (stdin ends) or the connection closes.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../engine/engine';
import { createMcpServer } from './create-mcp-server';
import { ParamsCheckedTransport } from './params-check';

export interface StdioIo {
  stdin: Readable;
  stdout: Writable;
}

export async function serveStdio(engine: Engine, keyId: string, io: StdioIo = { stdin: process.stdin, stdout: process.stdout }): Promise<void> {
  const server = createMcpServer(engine, keyId);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(new ParamsCheckedTransport(new StdioServerTransport(io.stdin, io.stdout)));
  const end = () => void server.close();
  io.stdin.once('end', end);
  io.stdin.once('close', end);
  await closed;
  io.stdin.off('end', end);
  io.stdin.off('close', end);
}
