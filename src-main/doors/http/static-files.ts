// Serves the built renderer: correct MIME types, no way out of the root, index.html for app routes.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from './respond';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Where the built renderer is: next to the built main/CLI output (out/main → out/renderer), or the repo's out/ when run from source. */
export function findRendererDir(from: string = import.meta.url): string | null {
  for (const rel of ['../renderer/', '../../renderer/', '../../../out/renderer/']) {
    const dir = fileURLToPath(new URL(rel, from));
    if (existsSync(join(dir, 'index.html'))) return dir.replace(/[\\/]$/, '');
  }
  return null;
}

/**
 * Maps a URL path to a file under root, or null when the path is not a file there. Throws a 400/404
 * HttpError for paths that try to leave the root (encoded dots, backslashes, NUL, symlinks out).
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new HttpError({ code: 'invalid_input', message: 'malformed URL path', field: 'path' });
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..')) {
    throw new HttpError({ code: 'not_found', message: 'no such file' });
  }
  const realRoot = realpathSync(root);
  const candidate = join(realRoot, decoded);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + sep)) throw new HttpError({ code: 'not_found', message: 'no such file' });
  if (!existsSync(candidate)) return null;
  const real = realpathSync(candidate);
  if (!real.startsWith(realRoot + sep)) throw new HttpError({ code: 'not_found', message: 'no such file' });
  return statSync(real).isFile() ? real : null;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): void {
  res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': statSync(file).size, 'Cache-Control': cacheControl });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** A handler for GET/HEAD of the renderer; paths without an extension get index.html (client-side routes). */
export function createStaticHandler(root: string | null) {
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError({ code: 'method_not_allowed', message: `${req.method} is not allowed here` }, { Allow: 'GET, HEAD' });
    }
    if (!root) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('The console UI is not built. Run `npm run build`, then start `threatmatic serve` again.\n');
      return;
    }
    const file = resolveStaticPath(root, pathname === '/' ? '/index.html' : pathname);
    if (file) {
      // Vite fingerprints everything under assets/, so those can be cached for good; index.html never.
      const immutable = pathname.startsWith('/assets/');
      sendFile(req, res, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    if (extname(pathname) !== '') throw new HttpError({ code: 'not_found', message: `no such file: ${pathname}` });
    sendFile(req, res, join(root, 'index.html'), 'no-cache');
  };
}
