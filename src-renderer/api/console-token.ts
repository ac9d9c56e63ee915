// Serve mode's console token: read once from the URL fragment (#token=…), kept in sessionStorage
// for reloads of this tab, and removed from the address bar so it is not shared by copy-paste or history.
const KEY = 'threatmatic.consoleToken';

export function takeConsoleToken(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash.startsWith('/') ? '' : hash);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token then lives for this page only.
    }
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function forgetConsoleToken(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
