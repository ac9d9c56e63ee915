// The renderer's entry: picks the door (Electron bridge or HTTP with the console token) and mounts the console.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/index';
import { forgetConsoleToken } from './api/console-token';
import { App } from './app';
import { useStore } from './store/index';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/theme-light.css';
import { applyTheme, followSystemTheme, storedTheme } from './components/theme';

applyTheme(storedTheme());
followSystemTheme();
void connectApi().then((setup) => useStore.getState().setApi(setup.client, setup.client ? null : setup.problem));
useStore.subscribe((s, prev) => {
  // A refused token is useless in this tab from now on.
  if (s.authProblem === 'rejected' && prev.authProblem !== 'rejected') forgetConsoleToken();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
