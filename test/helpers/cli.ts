// Runs the built CLI (bin/run.js) as a child process, as a user would, with colour off.
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const CLEAN_ENV_KEYS = ['PORT_CLIENT_ID', 'PORT_CLIENT_SECRET', 'INCIDENT_IO_API_KEY', 'INCIDENT_IO_CATALOG_TYPE_ID', 'PORT_API_URL', 'INCIDENT_API_URL'];

export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT, input = ''): Promise<CliResult> {
  const base: Record<string, string | undefined> = {...process.env, FORCE_COLOR: '0', NO_COLOR: '1'};
  for (const key of CLEAN_ENV_KEYS) delete base[key];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], {cwd, env: {...base, ...env}, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({code, stdout, stderr});
    });
    child.stdin?.end(input);
  });
}

/** runCli with `input` on standard input (for `--targets-from -`). */
export function runCliWithInput(args: string[], env: Record<string, string | undefined>, input: string): Promise<CliResult> {
  return runCli(args, env, ROOT, input);
}
