// Picks the door at start: the preload bridge inside Electron, HTTP with the console token in a browser.
import type { ApiClient } from './client';
import { takeConsoleToken } from './console-token';
import { httpClient } from './http-bridge';
import { electronBridge, ipcClient } from './ipc-bridge';

export type ApiSetup = { client: ApiClient } | { client: null; problem: 'no_token' };

export async function connectApi(): Promise<ApiSetup> {
  const bridge = electronBridge();
  if (bridge) return { client: ipcClient(bridge) };
  const token = await takeConsoleToken();
  return token ? { client: httpClient(token) } : { client: null, problem: 'no_token' };
}

export type { ApiClient } from './client';
export { ApiError } from './api-error';
