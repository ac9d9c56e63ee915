// Reads the console's address, #/<screen>[/<open record>][?<screen's own query>], with nothing else imported
// (store/url-state.ts keeps it in step with the store).
export interface Location { route: string; item: string | null }

export function parseHash(hash: string, known: (route: string) => boolean): Location | null {
  const m = /^#\/([\w-]+)(?:\/([^?]*))?/.exec(hash);
  if (!m || !known(m[1])) return null;
  let item: string | null = null;
  try {
    item = m[2] ? decodeURIComponent(m[2]) : null;
  } catch {
    item = null;
  }
  return { route: m[1], item };
}
