// One webhook POST with node:http(s): a status code or a network error, within a timeout. Not fetch:
// fetch refuses the WHATWG "bad ports" (e.g. 6666), which an enforcement point may well listen on.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type PostResult = { status: number } | { error: string };

export function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume(); // the answer's body is not needed; drain it so the socket is freed
      res.on('end', () => done({ status: res.statusCode ?? 0 }));
      res.on('error', (err) => done({ error: err.message }));
    });
    // The socket's own idle timeout, not a timer of the engine: it measures silence on a real network
    // connection, which passes in wall-clock time whatever the engine's clock says.
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done({ error: `timed out after ${timeoutMs} ms` });
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(body);
  });
}
