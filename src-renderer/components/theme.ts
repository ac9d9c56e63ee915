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

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // Storage disabled: the choice holds for this page.
  }
}

export const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
