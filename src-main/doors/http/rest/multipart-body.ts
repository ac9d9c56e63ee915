// Reads a multipart/form-data body (the spec's `POST /api/v1/tech-stack/import` takes its CSV as an upload)
// into the operation's input: each part, file or plain field, becomes the input field of its name, as text.
// Parsed by busboy (maintained, streaming); the same size limit as JSON bodies. Safe beside the JSON-only
// rule of the console API: every /api/v1 call carries its key in a header, which a cross-origin form cannot set.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { HttpError } from '../respond';

export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function readMultipartBody(req: IncomingMessage, limit: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: limit, fieldSize: limit, files: 4, fields: 20 } });
    } catch (err) {
      reject(new HttpError({ code: 'invalid_input', message: `bad multipart body: ${(err as Error).message}`, field: 'body' }));
      return;
    }
    const out: Record<string, string> = {};
    let size = 0;
    let failed = false;
    const fail = (e: HttpError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    const tooLarge = () => fail(new HttpError({ code: 'payload_too_large', message: `request body is larger than ${limit} bytes` }, { Connection: 'close' }));
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return tooLarge();
      out[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) tooLarge();
        else chunks.push(c);
      });
      stream.on('limit', tooLarge);
      stream.on('close', () => {
        out[name] = Buffer.concat(chunks).toString('utf8');
      });
    });
    bb.on('error', (err: Error) => fail(new HttpError({ code: 'invalid_input', message: `bad multipart body: ${err.message}`, field: 'body' })));
    bb.on('close', () => {
      if (!failed) resolve(out);
    });
    req.pipe(bb);
  });
}
