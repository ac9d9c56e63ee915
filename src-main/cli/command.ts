// What a `threatmatic` command declares: its words, help text, options, and what it runs.
import type { Actor } from '@shared/domain/actor';
import type { CallContext } from '../engine/dispatch';
import type { Engine } from '../engine/engine';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help; say the default in it when there is one. */
  description: string;
  valueName?: string;
}

export interface CliCommand {
  /** One or two words: 'stats', 'intel lookup'. */
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. 'FILE...'. */
  args?: string;
  minArgs?: number;
  maxArgs?: number;
  options?: Record<string, OptionSpec>;
  /** Longer help: examples, formats. */
  details?: string;
  run(ctx: CliContext): Promise<number | void> | number | void;
}

export interface CliContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  dataDir: string;
  actor: Actor;
  /** How the CLI calls an operation (dispatch): as its actor, trusted with this machine's files (Operation.localFiles). */
  call: CallContext;
  /**
   * Opens the engine on the chosen data dir (once; closed when the command returns). Long-running
   * commands (serve, mcp) pass longRunning: lock waits stay short and their doors retry asynchronously.
   */
  engine(opts?: { longRunning?: boolean }): Engine;
  /** Writes to stdout: the JSON value with --json, else the human text. */
  emit(value: unknown, human: string | (() => string)): void;
  /** Progress and notes for people: stderr, so stdout stays machine-readable. */
  note(text: string): void;
  /** A status line on a terminal's stderr, redrawn in place on each call (the cursor movement is the CLI's own; the text is escaped). */
  status(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The environment the command runs in (secrets by variable name, e.g. --secret-env). */
  env: NodeJS.ProcessEnv;
}

export function stringOpt(ctx: CliContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intOpt(ctx: CliContext, name: string, fallback: number, min = 0): number {
  const raw = stringOpt(ctx, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new CliUsageError(`--${name} must be a whole number ≥ ${min}, got '${raw}'`);
  return n;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
