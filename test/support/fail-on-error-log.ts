// Loaded before every test file (vitest setupFiles): a test during which the engine or a door logged an
// error it did not expect fails, naming the error, even though the code that logged it carried on.
import { afterAll, afterEach } from 'vitest';
import { takeUnexpectedErrorLogs } from './test-logger';

function failOnErrorLogs(when: string): void {
  const errors = takeUnexpectedErrorLogs();
  if (errors.length) throw new Error(`${errors.length} unexpected error log(s) ${when}:\n${errors.map((e) => `  ${e.slice(0, 2000)}`).join('\n')}`);
}

afterEach(() => failOnErrorLogs('during this test'));
afterAll(() => failOnErrorLogs('after the last test of this file (in afterAll or a background task)'));
