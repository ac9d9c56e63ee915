// Where Threatmatic keeps its database: the OS app-data folder by default, the same folder
// Electron's app.getPath('userData') gives the desktop app; --data-dir / THREATMATIC_DATA_DIR override.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'Threatmatic';
export const DB_FILE = 'threatmatic.db';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

/** The flag wins over the environment, the environment over the OS default. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag || env.THREATMATIC_DATA_DIR;
  return chosen ? resolve(chosen) : defaultDataDir();
}
