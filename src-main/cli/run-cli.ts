// Parses argv, finds the command, runs it, and maps errors to clear messages and exit codes:
// 0 ok, 1 unexpected failure, 2 bad usage or bad input, 3 the store cannot be used (error-output.ts).
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join } from 'node:path';
import { DB_FILE, resolveDataDir } from '../engine/data-dir';
import { SERVER_BUSY_TIMEOUT_MS } from '../engine/db/open';
import { Engine } from '../engine/engine';
import { CliUsageError, type CliCommand, type CliContext, type OptionSpec } from './command';
import { COMMANDS } from './commands/index';
import { escapeControls } from './terminal-text';
import { reportError } from './error-output';

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

const processIo = (): CliIo => ({
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

function commandHelp(c: CliCommand): string {
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

function mainHelp(): string {
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

/** The same io with every write's control characters escaped: no command, message or error can print one raw. */
const terminalIo = (io: CliIo): CliIo => ({ ...io, stdout: (s) => io.stdout(escapeControls(s)), stderr: (s) => io.stderr(escapeControls(s)) });

export async function runCli(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
  const io = terminalIo(rawIo);
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
  let statusDrawn = false;
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
    const actor: CliContext['actor'] = { type: 'cli', id: safeUser() };
    const ctx: CliContext = {
      positionals,
      values,
      json,
      dataDir,
      actor,
      call: { actor, localFiles: true },
      engine: (o) => (engine ??= Engine.open({ dataDir, ...(o?.longRunning ? { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS } : {}) })),
      emit: (value, human) => io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${typeof human === 'function' ? human() : human}\n`),
      note: (text) => io.stderr(`${text}\n`),
      // The one escape sequence the CLI sends on purpose (up a line, clear it) goes around the escaping writer.
      status: (text) => {
        rawIo.stderr(`${statusDrawn ? '\x1b[1A\x1b[2K' : ''}${escapeControls(text, { inline: true })}\n`);
        statusDrawn = true;
      },
      stdoutIsTTY: io.stdoutIsTTY,
      stderrIsTTY: io.stderrIsTTY,
      env: io.env,
    };
    const code = await command.run(ctx);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    const json = rest.includes('--json');
    return reportError(err, command.name, json, join(resolveDataDir(dataDirArg(rest), io.env), DB_FILE), io);
  } finally {
    try {
      engine?.close();
    } catch {
      // Closing only checkpoints; a store fault there was already reported or changes nothing.
    }
  }
}

/** --data-dir as given, read from raw argv (the parsed options are gone when parsing itself failed). */
function dataDirArg(args: string[]): string | undefined {
  const i = args.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
