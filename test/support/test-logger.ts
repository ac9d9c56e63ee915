// The logger tests give the engine and the doors. Several places catch an error and only log it (incident
// grouping, after-batch listeners, the posture update queue, event subscribers, background ticks, a door's
// unexpected failure), so a silent logger would let a bug there pass every test. This one keeps quiet about
// debug, info and warn, and records every error(); test/support/fail-on-error-log.ts fails the test that
// logged one, unless the test said it expects it with allowErrorLogs.
import type { Logger } from '../../src-main/engine/log';

const unexpected: string[] = [];
let allowed: RegExp[] = [];

function line(msg: string, fields?: Record<string, unknown>): string {
  return fields && Object.keys(fields).length ? `${msg} ${JSON.stringify(fields)}` : msg;
}

export const testLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(msg, fields) {
    const text = line(msg, fields);
    if (!allowed.some((re) => re.test(text))) unexpected.push(text);
  },
};

/** In the current test, error logs matching one of these are expected (the test provokes them on purpose). */
export function allowErrorLogs(...patterns: RegExp[]): void {
  allowed.push(...patterns);
}

/** The unexpected error logs since the last call; clears them and the current test's allowances. */
export function takeUnexpectedErrorLogs(): string[] {
  allowed = [];
  return unexpected.splice(0);
}
