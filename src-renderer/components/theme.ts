// The console's theme: dark (the default), light, or the system's choice (prefers-color-scheme). The choice
// is a display preference, not a secret, so it is kept in localStorage for every tab of this console.
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'threatmatic.theme';

export function storedTheme(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const systemLight = () => window.matchMedia('(prefers-color-scheme: light)');

/**
 * Sets data-theme on <html> to the theme shown, the system's one resolved here, so the stylesheet holds
 * one light palette (theme-light.css) instead of a second copy inside a prefers-color-scheme query.
 */
export function applyTheme(choice: ThemeChoice): void {
  document.documentElement.setAttribute('data-theme', choice === 'system' ? (systemLight().matches ? 'light' : 'dark') : choice);
  try {
    if (choice === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // Storage disabled: the choice holds for this page.
  }
}

/** Follows the system's scheme while the choice is 'system' (called once at start). */
export function followSystemTheme(): void {
  systemLight().addEventListener('change', () => {
    if (storedTheme() === 'system') applyTheme('system');
  });
}

export const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
