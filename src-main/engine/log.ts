// Structured logs go to stderr, one JSON object a line: stdout belongs to CLI output and MCP stdio.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(min: LogLevel = (process.env.THREATMATIC_LOG_LEVEL as LogLevel) || 'warn', sink: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < (ORDER[min] ?? 30)) return;
    sink(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
