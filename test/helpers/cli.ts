// Runs the built CLI (bin/run.js) as a child process, as a user would, with colour off.
import {execFile, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const CLEAN_ENV_KEYS = [
  'PORT_CLIENT_ID',
  'PORT_CLIENT_SECRET',
  'INCIDENT_IO_API_KEY',
  'INCIDENT_IO_CATALOG_TYPE_ID',
  'PORT_API_URL',
  'INCIDENT_API_URL',
];

/** The child's environment: ours without the API settings, colour off, then `env` (undefined removes a variable). */
function cliEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = {...process.env, FORCE_COLOR: '0', NO_COLOR: '1'};
  for (const key of CLEAN_ENV_KEYS) delete base[key];
  return {...base, ...env};
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = ROOT,
  input = '',
): Promise<CliResult> {
  return new Promise((resolve) => {
    const options = {cwd, env: cliEnv(env), maxBuffer: 64 * 1024 * 1024};
    const child = execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({code, stdout, stderr});
    });
    child.stdin?.end(input);
  });
}

/** runCli with `input` on standard input (for `--targets-from -`). */
export function runCliWithInput(
  args: string[],
  env: Record<string, string | undefined>,
  input: string,
): Promise<CliResult> {
  return runCli(args, env, ROOT, input);
}

/**
 * The CLI as a child process the test drives (signals, output as it comes), with runCli's environment.
 * Its stdout and stderr are pipes; wait for its 'close' event.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = ROOT,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], {cwd, env: cliEnv(env)});
}
