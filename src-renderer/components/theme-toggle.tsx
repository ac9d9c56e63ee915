// The theme button in the navigation: system → light → dark → system.
import { useState } from 'react';
import { applyTheme, NEXT_THEME, storedTheme, type ThemeChoice } from './theme';

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const next = NEXT_THEME[choice];
  return (
    <button
      type="button"
      className="btn btn-small theme-toggle"
      onClick={() => {
        applyTheme(next);
        setChoice(next);
      }}
      aria-label={`Theme: ${choice}. Switch to ${next}`}
    >
      Theme: {choice}
    </button>
  );
}
