// The desktop app's main process: one hardened window, the engine on the app-data folder, the IPC door.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import type { Actor } from '@shared/domain/actor';
import { registerIpcDoor } from '../doors/ipc';
import { registerIpcPush } from '../doors/ipc-push';
import { findRendererDir } from '../doors/http/static-files';
import { DESKTOP_MCP_PORT, startStandaloneMcp, type StandaloneMcp } from '../doors/mcp/standalone-http';
import { APP_NAME, resolveDataDir } from '../engine/data-dir';
import { doorFault } from '../engine/db/store-fault';
import { SERVER_BUSY_TIMEOUT_MS } from '../engine/db/open';
import { Engine } from '../engine/engine';
import { applyHeapPolicy } from '../engine/heap-policy';
import { seedDemoFleet } from '../engine/simulate/demo';
import { APP_ORIGIN, registerAppScheme, serveAppScheme } from './app-protocol';

applyHeapPolicy();
app.setName(APP_NAME);
// Pin userData to <appData>/Threatmatic (what the CLI defaults to), whatever the package name says.
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
registerAppScheme();

const here = fileURLToPath(new URL('.', import.meta.url));
/** Set by `electron-vite dev`: the renderer then comes from Vite's dev server, with hot reload. */
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const actor: Actor = { type: 'analyst', id: safeUserName(), name: 'desktop' };
let engine: Engine | undefined;
let mcp: StandaloneMcp | undefined;

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'desktop';
  }
}

function isAppUrl(url: string): boolean {
  if (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (!devUrl) return false;
  try {
    return new URL(url).origin === new URL(devUrl).origin;
  } catch {
    return false;
  }
}

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openEngine(): Engine {
  // THREATMATIC_DATA_DIR wins, as for the CLI; otherwise userData, which is the CLI's default folder too.
  const dataDir = process.env.THREATMATIC_DATA_DIR ? resolveDataDir(undefined) : app.getPath('userData');
  // Long-running: lock waits stay short so a CLI ingest never freezes the window (db/open.ts).
  const opened = Engine.open({ dataDir, busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  if (process.env.THREATMATIC_NO_DEMO !== '1' && opened.inventory.listDevices({ limit: 1, offset: 0 }).total === 0) {
    const summary = seedDemoFleet(opened, { actor: { type: 'system', id: 'demo-seed' } });
    opened.log.info('seeded the demo fleet', { summary });
  }
  return opened;
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0d1117',
    title: 'Threatmatic Console',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => harden(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    // No camera, microphone, notifications or anything else: the console needs no permissions.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const rendererDir = findRendererDir(import.meta.url);
    if (!rendererDir && !devUrl) throw new Error('The renderer is not built: run `npm run build` first.');
    if (rendererDir) serveAppScheme(rendererDir);
    try {
      engine = openEngine();
    } catch (err) {
      // A damaged, full, read-only or too-new database: say which and what to do, instead of a silent start.
      const fault = doorFault(err);
      if (!fault) throw err;
      dialog.showErrorBox('Threatmatic cannot open its database', fault.message);
      app.quit();
      return;
    }
    engine.startBackground({ detectors: true });
    registerIpcDoor(ipcMain, engine, { isAppUrl, actor });
    registerIpcPush(ipcMain, engine, isAppUrl);
    // MCP over Streamable HTTP on 127.0.0.1 for AI assistants (API keys); a busy port leaves stdio MCP working.
    const mcpPort = Number(process.env.THREATMATIC_MCP_PORT || DESKTOP_MCP_PORT);
    startStandaloneMcp(engine, { port: mcpPort }).then(
      (started) => {
        mcp = started;
        engine?.log.info('mcp endpoint listening', { url: started.url });
      },
      (err: unknown) => engine?.log.warn('mcp endpoint not started', { port: mcpPort, error: String(err) }),
    );
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void mcp?.close();
    mcp = undefined;
    engine?.close();
    engine = undefined;
  });
}
