// The sandboxed preload: exposes exactly one typed function, window.threatmatic.call(name, input), over one IPC channel.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type OpReply, type ThreatmaticBridge } from '@shared/contract/door-reply';

const bridge: ThreatmaticBridge = {
  call: (name: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, String(name), input) as Promise<OpReply>,
};

contextBridge.exposeInMainWorld('threatmatic', bridge);
