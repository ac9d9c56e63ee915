// The Electron transport: the preload's window.threatmatic bridge (one IPC channel, typed replies).
import type { ThreatmaticBridge } from '@shared/contract/door-reply';
import { clientOver, type ApiClient } from './client';
import { ipcLiveSource } from './live-source';

declare global {
  interface Window {
    threatmatic?: ThreatmaticBridge;
  }
}

export function electronBridge(): ThreatmaticBridge | undefined {
  return typeof window !== 'undefined' ? window.threatmatic : undefined;
}

export function ipcClient(bridge: ThreatmaticBridge): ApiClient {
  const watchEvents = bridge.watchEvents?.bind(bridge);
  return clientOver('electron', (name, input) => bridge.call(name, input), watchEvents ? ipcLiveSource({ call: bridge.call, watchEvents }) : undefined);
}
