// Parses argv, finds the command, runs it, and maps errors to clear messages and exit codes:
// 0 ok, 1 unexpected failure, 2 bad usage or bad input.
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataDir } from '../engine/data-dir';
import { SERVER_BUSY_TIMEOUT_MS } from '../engine/db/open';
import { Engine } from '../engine/engine';
import { UserError } from '../engine/errors';
import { CliUsageError, type CliCommand, type CliContext, type OptionSpec } from './command';
import { COMMANDS } from './commands/index';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string', description: 'Data folder (default: $THREATMATIC_DATA_DIR, else the OS app-data folder)', valueName: 'DIR' },
  json: { type: 'boolean', description: 'Machine-readable JSON output' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
} as const;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

function findCommand(argv: string[]): { command?: CliCommand; rest: string[] } {
  const two = `${argv[0]} ${argv[1]}`;
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === argv[0]);
  return byOne ? { command: byOne, rest: argv.slice(1) } : { rest: argv };
}

function formatOptions(options: Record<string, { type: string; short?: string; description: string; valueName?: string }>): string {
  return Object.entries(options)
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
      return `  ${flag.padEnd(30)} ${o.description}`;
    })
    .join('\n');
}

export function commandHelp(c: CliCommand): string {
  return [
    `Usage: threatmatic ${c.name}${c.options ? ' [options]' : ''}${c.args ? ` ${c.args}` : ''}`,
    '',
    c.summary,
    c.details ? `\n${c.details}` : '',
    '',
    'Options:',
    formatOptions({ ...(c.options ?? {}), ...GLOBAL_OPTIONS }),
    '',
  ].join('\n');
}

export function mainHelp(): string {
  const groups = COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`).join('\n');
  return `Threatmatic Console: security posture engine, MCP server and CLI.

Usage: threatmatic <command> [options]

Commands:
${groups}

Global options:
${formatOptions(GLOBAL_OPTIONS)}

Run 'threatmatic <command> --help' for a command's options.
`;
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { command, rest } = findCommand(argv);
  if (!command) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(mainHelp());
      return argv.length === 0 ? 2 : 0;
    }
    io.stderr(`threatmatic: unknown command '${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}'. Run 'threatmatic --help' for the list.\n`);
    return 2;
  }

  let engine: Engine | undefined;
  try {
    const config: ParseArgsConfig = {
      args: rest,
      options: Object.fromEntries(
        Object.entries({ ...(command.options ?? {}), ...GLOBAL_OPTIONS } as Record<string, OptionSpec>).map(([k, v]) => [k, { type: v.type, ...(v.short ? { short: v.short } : {}), ...(v.multiple ? { multiple: true } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs(config);
    } catch (err) {
      throw new CliUsageError((err as Error).message.replace(/^TypeError \[\w+\]: /, ''));
    }
    const values = parsed.values as CliContext['values'];
    if (values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    const positionals = parsed.positionals;
    if (positionals.length < (command.minArgs ?? 0)) throw new CliUsageError(`missing argument ${command.args ?? ''}`.trim());
    if (command.maxArgs !== undefined && positionals.length > command.maxArgs) throw new CliUsageError(`unexpected argument '${positionals[command.maxArgs]}'`);

    const json = Boolean(values.json);
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined, io.env);
    const ctx: CliContext = {
      positionals,
      values,
      json,
      dataDir,
      actor: { type: 'cli', id: safeUser() },
      engine: (o) => (engine ??= Engine.open({ dataDir, ...(o?.longRunning ? { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS } : {}) })),
      emit: (value, human) => io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${typeof human === 'function' ? human() : human}\n`),
      note: (text) => io.stderr(`${text}\n`),
      stdoutIsTTY: io.stdoutIsTTY,
      stderrIsTTY: io.stderrIsTTY,
    };
    const code = await command.run(ctx);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr(`threatmatic ${command.name}: ${err.message}\nRun 'threatmatic ${command.name} --help' for usage.\n`);
      return 2;
    }
    if (err instanceof UserError) {
      io.stderr(`threatmatic ${command.name}: ${err.message}\n`);
      return 2;
    }
    io.stderr(`threatmatic ${command.name}: unexpected error: ${(err as Error).stack ?? err}\n`);
    return 1;
  } finally {
    engine?.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
