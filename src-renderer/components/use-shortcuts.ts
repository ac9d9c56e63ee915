// The console's keyboard shortcuts (listed in components/command-palette.tsx SHORTCUTS): Ctrl+K opens the
// palette, ? the help, / the screen's search box, and "g" then a letter goes to a screen. Keys typed into a
// field are left alone (but Ctrl+K works everywhere).
import { useEffect } from 'react';

const GO: Record<string, string> = { o: 'overview', p: 'posture', a: 'anomalies', i: 'incidents', d: 'devices', u: 'users', e: 'events' };

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function useShortcuts(actions: { palette(): void; help(): void; go(route: string): void }): void {
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        actions.palette();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('[role="dialog"]')) return;
      if (e.key === '?') {
        e.preventDefault();
        actions.help();
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === 'g') {
        pendingG = e.timeStamp;
      } else if (pendingG && e.timeStamp - pendingG < 1500 && GO[e.key]) {
        pendingG = 0;
        actions.go(GO[e.key]);
      } else {
        pendingG = 0;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
