// The data dir: the OS app-data folder by default, overridden by env, overridden by the flag.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../../src-main/engine/data-dir';

describe('data dir', () => {
  it('follows each OS convention (the same folder Electron gives the desktop app)', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Threatmatic');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/ana')).toBe('/x/Threatmatic');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Threatmatic');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(join('C:\\Users\\ana\\AppData\\Roaming', 'Threatmatic'));
  });

  it('lets the flag win over THREATMATIC_DATA_DIR, and the env over the default', () => {
    expect(resolveDataDir('flagdir', { THREATMATIC_DATA_DIR: '/env' })).toBe(resolve('flagdir'));
    expect(resolveDataDir(undefined, { THREATMATIC_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, {})).toBe(defaultDataDir());
  });
});
