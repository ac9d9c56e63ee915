// Shown in serve mode when the page was opened without the console token, or the server refused it.
import type { AuthProblem } from './store/session-slice';
import { LogoMark } from './components/icons';

export function TokenProblem({ problem }: { problem: Exclude<AuthProblem, null> }) {
  return (
    <main className="token-problem" role="alert">
      <LogoMark />
      <h1>{problem === 'no_token' ? 'Console token needed' : 'Console token refused'}</h1>
      <p>
        {problem === 'no_token'
          ? 'This page was opened without its access token.'
          : 'The console server did not accept the token of this tab: it was restarted with a new token, or the token is wrong.'}
      </p>
      <p>
        Open the exact URL that <code>threatmatic serve</code> printed when it started (it ends in <code>#token=…</code>). Start it with a fixed token using <code>--token</code> or <code>THREATMATIC_CONSOLE_TOKEN</code> if you need a stable URL.
      </p>
    </main>
  );
}
