// The app:// scheme the window loads from: the built renderer's files with our CSP and security headers,
// so the renderer never runs from file:// (where headers, and thus the CSP header, cannot be set).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import { resolveStaticPath, mimeType } from '../doors/http/static-files';
import { SECURITY_HEADERS } from '../doors/http/security-headers';

const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://threatmatic`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
}

export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'threatmatic') return new Response('not found', { status: 404 });
    let file: string | null;
    try {
      file = resolveStaticPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return new Response('not found', { status: 404 });
    }
    // Paths without an extension are client-side routes: answer with the app shell.
    if (!file && !/\.[A-Za-z0-9]+$/.test(url.pathname)) file = join(rendererDir, 'index.html');
    if (!file) return new Response('not found', { status: 404 });
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': mimeType(file) } });
  });
}
