// The console shell: left navigation, the current screen, and the URL kept in step with the store (store/url-state.ts).
import { useEffect, useRef, useState } from 'react';
import { Icon, LogoMark } from './components/icons';
import { ServerStatus } from './components/server-status';
import { useStore } from './store/index';
import { useUrlState } from './store/url-state';
import { SECTIONS, VIEWS, viewById } from './views/registry';
import { TokenProblem } from './token-problem';
import { ThemeToggle } from './components/theme-toggle';
import { ShellTools } from './shell-tools';

const isView = (id: string) => VIEWS.some((v) => v.id === id);

export function App() {
  const route = useUrlState(isView);
  const navigate = useStore((s) => s.navigate);
  const authProblem = useStore((s) => s.authProblem);
  const first = useRef(true);
  // Below 700 px the navigation is a menu the analyst opens; choosing a screen closes it.
  const [menuOpen, setMenuOpen] = useState(false);
  const view = viewById(route);
  const View = view.component;

  useEffect(() => {
    // Move focus to the new screen's heading (not on first load), so keyboard and screen-reader users land on it.
    if (first.current) {
      first.current = false;
      return;
    }
    setMenuOpen(false);
    document.getElementById('view-title')?.focus();
    document.title = `${view.label} · Threatmatic Console`;
  }, [view]);

  if (authProblem) return <TokenProblem problem={authProblem} />;

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('view-title')?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="btn" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">☰ </span>Menu
        </button>
        <span className="brand-name">Threatmatic</span>
      </header>
      <nav id="sidebar" className="sidebar" aria-label="Screens">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Threatmatic</span>
        </div>
        {SECTIONS.map((section) => {
          const entries = VIEWS.filter((v) => v.section === section);
          if (entries.length === 0) return null;
          return (
            <div key={section} className="nav-section">
              <div className="nav-heading">{section}</div>
              <ul>
                {entries.map((v) => (
                  <li key={v.id}>
                    <a href={`#/${v.id}`} className={`nav-link${v.id === route ? ' active' : ''}`} aria-current={v.id === route ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setMenuOpen(false); navigate(v.id); }}>
                      <Icon name={v.id} />
                      {v.label}
                      {v.badge ? <v.badge /> : null}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        <ThemeToggle />
        <ServerStatus />
      </nav>
      <main id="main" className="main">
        <View key={view.id} />
      </main>
      <ShellTools />
    </div>
  );
}
