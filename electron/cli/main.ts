import { runCli } from './run';

runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`hmc: unexpected failure: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
