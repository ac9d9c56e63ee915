// Serve mode's console token: read once from the URL fragment (#token=…), kept in sessionStorage for
// reloads of this tab, and removed from the address bar so it is not shared by copy-paste or history.
// A new tab of the same console (same origin: 127.0.0.1 and this server's port) asks the open tabs for
// it over a BroadcastChannel, so it does not ask the analyst again. The token is never written to disk
// (no localStorage, no cookie): it lives as long as a console tab is open, and a tab that was handed a
// refused token forgets it.
const KEY = 'threatmatic.consoleToken';
const CHANNEL = 'threatmatic.consoleToken';
/** How long a new tab waits for an open tab to answer before saying a token is needed. */
const HANDOFF_WAIT_MS = 400;

type Message = { type: 'ask' } | { type: 'token'; token: string } | { type: 'forget'; token: string };

let current: string | null = null;
let channel: BroadcastChannel | null = null;

function remember(token: string): void {
  current = token;
  try {
    window.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage can be disabled; the token then lives for this page only.
  }
}

/** Answers sibling tabs that ask for the token (only while this tab holds one). */
function share(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (e: MessageEvent<Message>) => {
    if (e.data?.type === 'ask' && current) channel?.postMessage({ type: 'token', token: current } satisfies Message);
    if (e.data?.type === 'forget' && e.data.token === current) forgetConsoleToken(false);
  });
  return channel;
}

/** The token from the URL, this tab's storage, or (after a short wait) another open console tab. */
export async function takeConsoleToken(): Promise<string | null> {
  const hash = window.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash.startsWith('/') ? '' : hash);
  const fromUrl = params.get('token');
  if (fromUrl) {
    remember(fromUrl);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
    share();
    return fromUrl;
  }
  let stored: string | null = null;
  try {
    stored = window.sessionStorage.getItem(KEY);
  } catch {
    stored = null;
  }
  if (stored) {
    current = stored;
    share();
    return stored;
  }
  const ch = share();
  if (!ch) return null;
  const handed = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), HANDOFF_WAIT_MS);
    ch.addEventListener('message', (e: MessageEvent<Message>) => {
      if (e.data?.type === 'token' && typeof e.data.token === 'string') {
        clearTimeout(timer);
        resolve(e.data.token);
      }
    });
    ch.postMessage({ type: 'ask' } satisfies Message);
  });
  if (handed) remember(handed);
  return handed;
}

/** Drops this tab's token; `tellOthers`: the server refused it, so the other tabs drop it too. */
export function forgetConsoleToken(tellOthers = true): void {
  const dropped = current;
  current = null;
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
  if (tellOthers && dropped) channel?.postMessage({ type: 'forget', token: dropped } satisfies Message);
}
