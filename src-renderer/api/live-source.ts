// Pushed engine events, whichever door carries them: Server-Sent Events from the console server in serve
// mode (read with fetch, so the console token goes in the Authorization header and never in a URL), the
// preload's push channel in the desktop app. Both resume after the last cursor seen, so a reconnect
// loses and repeats nothing.
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import type { ThreatmaticBridge } from '@shared/contract/door-reply';

export type LiveStatus = 'connecting' | 'live' | 'down';

export interface LiveSource {
  /** Starts delivering events after `after` (null: from now on); returns the function that stops it. */
  open(after: number | null, onEvent: (e: LoggedEventView) => void, onStatus: (status: LiveStatus, detail?: string) => void): () => void;
}

const CONSOLE_STREAM_PATH = '/api/console/stream';
/** How soon a dropped stream is retried: short, so a restarted server is back within a second or two. */
const RETRY_MS = 1000;

/** Splits SSE text into messages; returns the complete ones and the unfinished tail. */
function parseSse(buffer: string): { messages: { id: string | null; data: string }[]; rest: string } {
  const parts = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = parts.pop() ?? '';
  const messages = [];
  for (const part of parts) {
    let id: string | null = null;
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) messages.push({ id, data: data.join('\n') });
  }
  return { messages, rest };
}

export function sseLiveSource(token: string, base = ''): LiveSource {
  return {
    open(after, onEvent, onStatus) {
      let cursor = after;
      let stopped = false;
      let controller: AbortController | null = null;
      let retry: ReturnType<typeof setTimeout> | null = null;
      const connect = async () => {
        controller = new AbortController();
        onStatus('connecting');
        try {
          const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
          if (cursor !== null) headers['Last-Event-ID'] = String(cursor);
          const res = await fetch(`${base}${CONSOLE_STREAM_PATH}`, { headers, credentials: 'omit', cache: 'no-store', signal: controller.signal });
          if (!res.ok || !res.body) throw new Error(`the console server answered ${res.status}`);
          onStatus('live');
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const parsed = parseSse(buffer + value);
            buffer = parsed.rest;
            for (const m of parsed.messages) {
              const e = JSON.parse(m.data) as LoggedEventView;
              cursor = e.cursor;
              onEvent(e);
            }
          }
          throw new Error('the console server closed the event stream');
        } catch (err) {
          if (stopped) return;
          onStatus('down', err instanceof Error && err.name !== 'TypeError' ? err.message : 'cannot reach the console server: is `threatmatic serve` still running?');
          retry = setTimeout(() => void connect(), RETRY_MS);
        }
      };
      void connect();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        controller?.abort();
      };
    },
  };
}

export function ipcLiveSource(bridge: ThreatmaticBridge & Required<Pick<ThreatmaticBridge, 'watchEvents'>>): LiveSource {
  return {
    open(after, onEvent, onStatus) {
      onStatus('live');
      return bridge.watchEvents(after, (e) => onEvent(e as LoggedEventView));
    },
  };
}
