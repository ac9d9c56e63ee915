// Where a command takes a secret from: a file (--secret-file), a named environment variable
// (--secret-env), the command's documented variable, or, discouraged, the command line itself, which
// other local users can read (ps, /proc/PID/cmdline) and the shell keeps in its history.
import { readFileSync, statSync } from 'node:fs';
import { CliUsageError, stringOpt, type CliContext, type OptionSpec } from './command';

export const SECRET_OPTIONS: Record<'secret' | 'secret-file' | 'secret-env', OptionSpec> = {
  'secret-file': { type: 'string', description: 'Read the secret from this file (its first line; keep the file 0600)', valueName: 'FILE' },
  'secret-env': { type: 'string', description: 'Read the secret from this environment variable', valueName: 'NAME' },
  secret: { type: 'string', description: 'The secret itself (discouraged: visible to other local users in the process list)', valueName: 'SECRET' },
};

/** The secret from exactly one source; `defaultEnv` is read when no option names one. */
export function readSecret(ctx: CliContext, defaultEnv: string): string {
  const file = stringOpt(ctx, 'secret-file');
  const envName = stringOpt(ctx, 'secret-env');
  const argv = stringOpt(ctx, 'secret');
  const given = [file !== undefined && '--secret-file', envName !== undefined && '--secret-env', argv !== undefined && '--secret'].filter(Boolean);
  if (given.length > 1) throw new CliUsageError(`give the secret one way, not ${given.join(' and ')}`);
  if (file !== undefined) return fromFile(ctx, file);
  if (envName !== undefined) {
    const value = ctx.env[envName];
    if (!value) throw new CliUsageError(`--secret-env ${envName}: the variable is not set or empty`);
    return value;
  }
  if (argv !== undefined) {
    ctx.note('warning: --secret puts the secret on the command line, where other local users can read it (ps) and your shell history keeps it; use --secret-file FILE or --secret-env NAME');
    return argv;
  }
  const value = ctx.env[defaultEnv];
  if (!value) throw new CliUsageError(`the secret is required: --secret-file FILE, --secret-env NAME, or $${defaultEnv}`);
  return value;
}

function fromFile(ctx: CliContext, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliUsageError(`--secret-file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) ctx.note(`warning: ${file} can be read by other users; chmod 600 it`);
  // The first line: a trailing newline from an editor or `echo` is not part of the secret.
  const secret = text.split(/\r?\n/, 1)[0];
  if (!secret) throw new CliUsageError(`--secret-file ${file}: the first line is empty`);
  return secret;
}
