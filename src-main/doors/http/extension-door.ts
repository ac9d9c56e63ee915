// The browser extension's two routes on the local server: GET /extension (the spec's download and setup
// page, and the unpacked extension as a zip) and POST /api/v1/shadow-ai/extension/events, where an
// extension reports visits and PII category counts with the org key in X-Org-Key. The report runs the
// shadowai.extensionReport operation through dispatch like every door; a wrong key is refused and audited.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { auditRefusal } from '../../engine/dispatch';
import type { Engine } from '../../engine/engine';
import { UserError } from '../../engine/errors';
import { runOp } from '../run-op';
import type { ConsoleServer } from './create-http-server';
import { readJsonBody } from './json-body';
import { HttpError, sendJson } from './respond';
import { sendRestError } from './rest/rest-reply';

const EXTENSION_PAGE = '/extension';
const EXTENSION_EVENTS = '/api/v1/shadow-ai/extension';
const EXTENSION_ZIP = 'threatmatic-extension.zip';
const FILES = ['manifest.json', 'pii.js', 'content.js', 'background.js', 'options.html', 'options.js'];

/** The unpacked extension folder (the repository's extension/), from the built CLI or the sources. */
function findExtensionDir(from: string = import.meta.url): string | null {
  for (const rel of ['../../extension/', '../../../extension/', '../../../../extension/']) {
    const dir = fileURLToPath(new URL(rel, from));
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  }
  return null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(server: string): string {
  const s = escapeHtml(server);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Threatmatic browser extension</title></head>
<body>
<h1>Threatmatic Shadow AI browser extension</h1>
<p>Detects visits to AI services and PII categories in what is typed, pasted or uploaded there (email addresses, phone numbers,
payment cards, national ids, IBANs, API keys, private keys), in the page itself. Only the domain name, the event type and the PII
categories with counts are sent, never page content or the PII values.</p>
<ol>
<li><a href="${EXTENSION_PAGE}/${EXTENSION_ZIP}" download>Download the package</a> and unzip it into a folder.</li>
<li>Open Chrome (or another Chromium browser) at <code>chrome://extensions</code> and enable Developer Mode.</li>
<li>Click <b>Load unpacked</b> and select the unzipped folder.</li>
<li>Click the Threatmatic icon (or the extension's options) and enter the server URL <code>${s}</code> and your org key
(<code>threatmatic shadow-ai org-key</code> on the server shows it).</li>
</ol>
<p>Events appear in the console's Shadow AI panel within a minute. While the server cannot be reached the extension keeps them
in a queue and sends them later.</p>
</body></html>
`;
}

export function mountExtensionDoor(server: ConsoleServer, engine: Engine, extensionDir: string | null = findExtensionDir()): void {
  server.mount(EXTENSION_PAGE, (req: IncomingMessage, res: ServerResponse, rest: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError({ code: 'method_not_allowed', message: 'GET only' });
    if (rest === '' || rest === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page(`http://${req.headers.host ?? '127.0.0.1'}`));
      return;
    }
    if (rest === `/${EXTENSION_ZIP}` && extensionDir) {
      const zip = zipSync(Object.fromEntries(FILES.map((f) => [`threatmatic-extension/${f}`, new Uint8Array(readFileSync(join(extensionDir, f)))])));
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${EXTENSION_ZIP}"`, 'Content-Length': String(zip.length) });
      res.end(Buffer.from(zip));
      return;
    }
    throw new HttpError({ code: 'not_found', message: extensionDir ? `no such file ${rest}` : 'the extension folder is not installed beside this Threatmatic' });
  }, { auth: 'own' });

  server.mount(EXTENSION_EVENTS, async (req: IncomingMessage, res: ServerResponse, rest: string) => {
    if (rest !== '/events') return sendRestError(res, { code: 'not_found', message: `no route ${EXTENSION_EVENTS}${rest}` });
    if (req.method !== 'POST') return sendRestError(res, { code: 'method_not_allowed', message: 'POST only' });
    const presented = req.headers['x-org-key'];
    if (typeof presented !== 'string' || !engine.shadowAi.checkOrgKey(presented)) {
      auditRefusal(engine, { type: 'api', id: 'extension' }, 'shadowai.extensionReport', { path: EXTENSION_EVENTS }, new UserError('forbidden', 'missing or wrong org key (X-Org-Key)', 'X-Org-Key'));
      return sendRestError(res, { code: 'unauthorized', message: 'missing or wrong org key (X-Org-Key): `threatmatic shadow-ai org-key` shows it' });
    }
    const body = await readJsonBody(req);
    const browser = typeof (body as { browser_id?: unknown }).browser_id === 'string' ? (body as { browser_id: string }).browser_id.slice(0, 100) : 'unknown';
    const reply = await runOp(engine, 'shadowai.extensionReport', body, { actor: { type: 'api', id: `extension:${browser}` }, scopes: ['assets:write'] });
    if (reply.ok) sendJson(res, 200, reply.result);
    else sendRestError(res, reply.error);
  }, {
    auth: 'own',
    // Extensions post from their own origin; the org key, not the origin, authenticates them.
    allowOrigin: (origin) => origin.startsWith('chrome-extension://'),
    refuse: (_req, res, message) => sendRestError(res, { code: 'forbidden', message }),
  });
}
