// Entry point of the `threatmatic` command.
import { runCli } from './run-cli';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`threatmatic: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
