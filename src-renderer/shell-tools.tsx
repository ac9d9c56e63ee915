// What the shell adds around the screens for keyboard users: the command palette (Ctrl+K), the shortcuts
// help (?), the "g then letter" jumps, and the theme command; mounted once by app.tsx.
import { useMemo, useState } from 'react';
import { CommandPalette, ShortcutsHelp, type Command } from './components/command-palette';
import { applyTheme, NEXT_THEME, storedTheme } from './components/theme';
import { useShortcuts } from './components/use-shortcuts';
import { useStore } from './store/index';
import { VIEWS } from './views/registry';

export function ShellTools() {
  const navigate = useStore((s) => s.navigate);
  const [open, setOpen] = useState<'palette' | 'help' | null>(null);
  const actions = useMemo(() => ({ palette: () => setOpen('palette'), help: () => setOpen('help'), go: (r: string) => navigate(r) }), [navigate]);
  useShortcuts(actions);
  const commands = useMemo<Command[]>(() => [
    ...VIEWS.map((v) => ({ id: `go-${v.id}`, label: v.label, hint: `${v.section} screen`, run: () => navigate(v.id) })),
    { id: 'theme', label: 'Switch theme', hint: 'system → light → dark', run: () => applyTheme(NEXT_THEME[storedTheme()]) },
    { id: 'shortcuts', label: 'Keyboard shortcuts', hint: '?', run: () => setOpen('help') },
  ], [navigate]);
  if (open === 'palette') return <CommandPalette commands={commands} onClose={() => setOpen(null)} />;
  if (open === 'help') return <ShortcutsHelp onClose={() => setOpen(null)} />;
  return null;
}
