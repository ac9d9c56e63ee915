// The command palette (Ctrl+K / ⌘K): type part of a screen's name or a command, arrows to choose, Enter to
// run, Escape to close. Commands are the screens plus a few actions the shell passes in.
import { useEffect, useMemo, useRef, useState } from 'react';
import { trapTab } from './focus-trap';

export interface Command { id: string; label: string; hint?: string; run(): void }

export function CommandPalette({ commands, onClose }: { commands: Command[]; onClose(): void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const q = text.trim().toLowerCase();
    return q ? commands.filter((c) => `${c.label} ${c.hint ?? ''}`.toLowerCase().includes(q)) : commands;
  }, [commands, text]);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus();
  }, []);
  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onClick={(e) => e.stopPropagation()} onKeyDown={trapTab}>
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches[active] ? `palette-${matches[active].id}` : undefined}
          aria-label="Go to a screen or run a command"
          placeholder="Go to… (type a screen or command)"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(matches.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(matches[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            }
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
          {matches.map((c, i) => (
            <li key={c.id} id={`palette-${c.id}`} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
              {c.label}
              {c.hint ? <span className="palette-hint">{c.hint}</span> : null}
            </li>
          ))}
          {matches.length === 0 ? <li className="palette-none" role="option" aria-selected="false" aria-disabled="true">Nothing matches “{text}”</li> : null}
        </ul>
      </div>
    </div>
  );
}

const SHORTCUTS: [string, string][] = [
  ['Ctrl+K (⌘K)', 'Command palette: go to any screen or run a command'],
  ['?', 'This list of shortcuts'],
  ['/', 'Search on the current screen'],
  ['g then o, p, a, i, d, u, e', 'Go to Overview, Posture, Anomalies, Incidents, Devices, Users, Events'],
  ['↑ ↓ in a table', 'Move between rows; Enter or Space opens one'],
  ['Escape', 'Close the open drawer, dialog or palette (focus returns to the row)'],
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div className="palette" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => { trapTab(e); if (e.key === 'Escape') onClose(); }}>
        <div className="palette-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={close} type="button" className="btn btn-icon" onClick={onClose} aria-label="Close shortcuts">✕</button>
        </div>
        <dl className="fields">
          {SHORTCUTS.map(([k, v]) => (
            <div key={k} className="field-row">
              <dt><kbd>{k}</kbd></dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
