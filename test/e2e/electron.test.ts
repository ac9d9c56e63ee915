// The desktop app end to end through Playwright's Electron driver; skipped, saying why, where no Electron binary is installed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { FIXTURE_DEVICES, seedFixtureInventory } from '../integration/http-fixtures';
import { repoRoot, resultsDir } from './console-helpers';

/** The Electron binary's path, or why there is none (its postinstall download cannot run on these machines). */
function electronBinary(): { path: string } | { missing: string } {
  const pkgDir = join(repoRoot, 'node_modules/electron');
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: `${pathTxt} does not exist (the electron package's binary download did not run)` };
  let binary: string;
  try {
    binary = String(createRequire(join(repoRoot, 'package.json'))('electron'));
  } catch (err) {
    return { missing: `require('electron') failed: ${(err as Error).message}` };
  }
  if (!existsSync(binary)) return { missing: `${binary} does not exist` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { missing: `no X display for ${binary} (run under xvfb-run)` };
  return { path: binary };
}

const found = electronBinary();
const mainJs = join(repoRoot, 'out/main/main.js');

describe('desktop app (Electron)', () => {
  if ('missing' in found) {
    it.skip(`Electron binary not available here: ${found.missing}`, () => {});
    return;
  }

  it('opens one hardened window that shows the Overview with the real device count', async () => {
    expect(existsSync(mainJs), 'run `npm run build` first').toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-electron-'));
    const engine = Engine.open({ dataDir, log: testLogger });
    seedFixtureInventory(engine);
    engine.close();
    const app = await electron.launch({
      executablePath: found.path,
      args: [mainJs],
      cwd: repoRoot,
      env: { ...process.env, THREATMATIC_DATA_DIR: dataDir, THREATMATIC_NO_DEMO: '1' },
    });
    try {
      const win = await app.firstWindow();
      expect(win.url()).toMatch(/^app:\/\/threatmatic\//);
      const tile = win.getByRole('button', { name: /^Devices \d/ });
      await expect.poll(() => tile.textContent(), { timeout: 20_000 }).toContain(String(FIXTURE_DEVICES.length));
      // The renderer has the typed bridge and nothing of Node.
      expect(await win.evaluate(() => typeof (globalThis as { threatmatic?: { call?: unknown } }).threatmatic?.call)).toBe('function');
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await win.screenshot({ path: join(resultsDir, 'electron-overview.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
