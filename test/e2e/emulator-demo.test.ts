// `reconcile emulator --demo`: the demo's data from the package, and the hints it prints are enough to plan
// against it, as a user who installed the package (and has no examples/ of their own) would.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli, spawnCli} from '../helpers/cli.js';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Starts `reconcile emulator ...args` and resolves with what it printed once it printed `until`. */
function startEmulator(args: string[], until: RegExp): Promise<string> {
  const child = spawnCli(['emulator', '--port', '0', ...args]);
  stops.push(() => child.kill());
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) resolve(out);
    });
    child.once('close', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
}

describe('reconcile emulator --demo', () => {
  it('serves the demo and prints the exports and command that plan against it, from any folder', async () => {
    const out = await startEmulator(['--demo'], /my\.sync\.config\.yaml/);
    const exports = /export ((?:\S+=\S+(?: \\\n\s+)?)+)/.exec(out)?.[1];
    expect(exports).toBeDefined();
    const env = Object.fromEntries(
      exports!.split(/ \\\n\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([
      'INCIDENT_API_URL',
      'INCIDENT_IO_API_KEY',
      'INCIDENT_IO_CATALOG_TYPE_ID',
      'PORT_API_URL',
      'PORT_CLIENT_ID',
      'PORT_CLIENT_SECRET',
    ]);
    const command = /^ {2}reconcile (plan --config .+)$/m.exec(out)?.[1];
    expect(command).toBeDefined();
    const elsewhere = mkdtempSync(join(tmpdir(), 'reconcile-demo-'));
    stops.push(() => rmSync(elsewhere, {recursive: true, force: true}));
    const plan = await runCli(command!.split(' '), env, elsewhere);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 7 to create, 0 to update, 0 to delete.');
  });

  it('takes --demo or --data, not both', async () => {
    const both = await runCli(['emulator', '--demo', '--data', 'examples/emulator-data.json']);
    expect(both.code).toBe(1);
    // oclif wraps its message to the terminal's width, with ' ›' at each line's start
    expect(both.stderr.replace(/\s+›\s+/g, ' ')).toContain(
      '--data=examples/emulator-data.json cannot also be provided when using --demo',
    );
  });
});
