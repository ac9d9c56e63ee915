// The sandboxed preload: exposes window.threatmatic with call(name, input) over one IPC channel, and
// watchEvents(after, listener), the push channel that carries engine events to the console.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, IPC_UNWATCH_CHANNEL, IPC_WATCH_CHANNEL, type OpReply, type PushedEvent, type ThreatmaticBridge } from '@shared/contract/door-reply';

const bridge: ThreatmaticBridge = {
  call: (name: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, String(name), input) as Promise<OpReply>,
  watchEvents(after, listener) {
    // Only the event is passed on: the renderer never sees the IpcRendererEvent (and its sender).
    const relay = (_e: IpcRendererEvent, event: PushedEvent) => listener(event);
    ipcRenderer.removeAllListeners(IPC_EVENT_CHANNEL);
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    void ipcRenderer.invoke(IPC_WATCH_CHANNEL, typeof after === 'number' ? after : null);
    return () => {
      ipcRenderer.off(IPC_EVENT_CHANNEL, relay);
      void ipcRenderer.invoke(IPC_UNWATCH_CHANNEL);
    };
  },
};

contextBridge.exposeInMainWorld('threatmatic', bridge);
