// The CLI run in process for tests: what it writes to stdout and stderr is captured, nothing reaches a terminal.
import { runCli, type CliIo } from '../../src-main/cli/run-cli';

function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

/** `threatmatic ARGS --data-dir DIR`, in this process: its exit code and what it wrote. */
export async function cliIn(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = captureIo();
  const code = await runCli([...args, '--data-dir', dir], o.value);
  return { code, out: o.out(), err: o.err() };
}
