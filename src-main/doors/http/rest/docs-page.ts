// /docs: interactive API docs (Swagger UI) served from the swagger-ui-dist package on disk, never a
// CDN, so they work air-gapped. Our own page and start-up script (no inline script or style) run under
// the console's strict Content-Security-Policy unchanged (the e2e spec checks the browser reports no
// violation).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RouteHandler } from '../create-http-server';
import { mimeType } from '../static-files';
import { HttpError } from '../respond';
import { OPENAPI_PATH } from './openapi';

export const DOCS_PATH = '/docs';

/** The files of swagger-ui-dist the page needs: nothing else in that folder is reachable. */
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'] as const;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Threatmatic API</title>
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

const INIT = `// Starts Swagger UI on this server's own OpenAPI document.
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: true,
  validatorUrl: null,
});
`;

/** Where swagger-ui-dist is installed, or null (then /docs says how to install it). */
function swaggerUiDir(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    return existsSync(join(dir, 'swagger-ui-bundle.js')) ? dir : null;
  } catch {
    return null;
  }
}

export function createDocsHandler(dir: string | null = swaggerUiDir()): RouteHandler {
  return (req, res, rest) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError({ code: 'method_not_allowed', message: `${req.method} is not allowed on ${DOCS_PATH}` }, { Allow: 'GET, HEAD' });
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (rest === '' || rest === '/') return dir ? send(200, 'text/html; charset=utf-8', PAGE) : send(503, 'text/plain; charset=utf-8', 'The API docs need the swagger-ui-dist package: run `npm install` in the Threatmatic folder.\n');
    if (rest === '/init.js') return send(200, 'text/javascript; charset=utf-8', INIT);
    const name = rest.slice(1);
    if (!dir || !(ASSETS as readonly string[]).includes(name)) throw new HttpError({ code: 'not_found', message: `no such file: ${DOCS_PATH}${rest}` });
    const file = join(dir, name);
    res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': statSync(file).size, 'Cache-Control': 'public, max-age=3600' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}
