// GET /api/console/stream: the console's live feed in serve mode. The same event-log stream as the REST
// door's /api/v1/signals/stream (signal-stream.ts: same filters, Last-Event-ID resume, heartbeats), but
// authenticated by the console token like the rest of the console's own API, so the page needs no API key.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@shared/domain/actor';
import { systemScheduler } from '../../engine/clock';
import type { Engine } from '../../engine/engine';
import { UserError } from '../../engine/errors';
import { HttpError } from './respond';
import { DEFAULT_STREAM_SETTINGS, openSignalStream, parseStreamRequest, type OpenStream } from './rest/signal-stream';

export const CONSOLE_STREAM_PATH = '/api/console/stream';

export interface ConsoleStream {
  /** A route handler of the local server (create-http-server's RouteHandler, spelled out: that file mounts this one). */
  handler: (req: IncomingMessage, res: ServerResponse, rest: string) => void | Promise<void>;
  close(): void;
}

export function createConsoleStream(engine: Engine, actor: Actor): ConsoleStream {
  const streams = new Set<OpenStream>();
  const handler = (req: IncomingMessage, res: ServerResponse, rest: string): void => {
    if (rest !== '' && rest !== '/') throw new HttpError({ code: 'not_found', message: `no API route ${CONSOLE_STREAM_PATH}${rest}` });
    if (req.method !== 'GET') throw new HttpError({ code: 'method_not_allowed', message: `use GET ${CONSOLE_STREAM_PATH}` }, { Allow: 'GET' });
    let request;
    try {
      request = parseStreamRequest(req, new URL(req.url ?? '/', 'http://console.invalid').searchParams);
    } catch (err) {
      if (err instanceof UserError) throw new HttpError({ code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) });
      throw err;
    }
    // The console token cannot be revoked while serve runs: the stream lasts until the page or the server goes.
    const handle = openSignalStream(engine, systemScheduler, DEFAULT_STREAM_SETTINGS, req, res, request, { actor, keyId: 'console', allowed: () => true }, () => streams.delete(handle));
    streams.add(handle);
  };
  return {
    handler,
    close: () => {
      for (const s of [...streams]) s.close();
    },
  };
}
