// Reads a request body as JSON, refusing bodies over the size limit and non-JSON content types.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  // A JSON content type forces browsers to preflight cross-origin posts, which we never allow.
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError({ code: 'unsupported_media_type', message: `request body must be application/json, got '${type || 'none'}'` });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError({ code: 'invalid_input', message: `request body is not valid JSON: ${(err as Error).message}`, field: 'body' });
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError({ code: 'payload_too_large', message: `request body is larger than ${limit} bytes` }, { Connection: 'close' });
}
