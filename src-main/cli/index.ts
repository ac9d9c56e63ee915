// Entry point of the `threatmatic` command.
import { applyHeapPolicy } from '../engine/heap-policy';
import { runCli } from './run-cli';

applyHeapPolicy();

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`threatmatic: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
