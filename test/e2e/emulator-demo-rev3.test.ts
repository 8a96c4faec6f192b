// Review of `reconcile emulator --demo`'s hints: what it prints is meant to be pasted into another terminal as
// it is. The package copied into a folder whose path has a space (a macOS home such as "/Users/Jane Doe", where a
// global npm prefix under the home puts the package), run the way a user would: the printed lines, in a shell.
import {execFile, spawn} from 'node:child_process';
import {chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** The package's files (as package.json "files" lists them) in `dir`, its dependencies linked. */
function packageIn(dir: string): void {
  mkdirSync(join(dir, 'examples'), {recursive: true});
  for (const path of [
    'bin',
    'dist',
    'schemas',
    'package.json',
    'examples/emulator-data.json',
    'examples/sync.config.yaml',
  ])
    cpSync(join(ROOT, path), join(dir, path), {recursive: true});
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
}

describe('reconcile emulator --demo, installed under a path with a space', () => {
  it('prints lines that plan against the demo when pasted into a shell', async () => {
    const work = mkdtempSync(join(tmpdir(), 'reconcile-demo-space-'));
    stops.push(() => rmSync(work, {recursive: true, force: true}));
    const pkg = join(work, 'Jane Doe', 'lib', 'node_modules', 'catalog-reconcile');
    packageIn(pkg);
    // `reconcile` on PATH, as a global install puts it.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'reconcile'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(pkg, 'bin', 'run.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'reconcile'), 0o755);
    const env = {PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: work, NO_COLOR: '1', FORCE_COLOR: '0'};

    const child = spawn(join(bin, 'reconcile'), ['emulator', '--port', '0', '--demo'], {env});
    stops.push(() => child.kill());
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/my\.sync\.config\.yaml/.test(text)) resolve(text);
      });
      child.once('close', (code) => reject(new Error(`emulator exited ${code}: ${text}`)));
    });
    // The hint's lines from `export` to the plan command, as a user selects and pastes them.
    const pasted = /^ {2}export [\s\S]*?^ {2}reconcile plan .*$/m.exec(out)?.[0];
    expect(pasted, out).toBeDefined();
    const shell = await new Promise<{code: number; stdout: string; stderr: string}>((resolve) => {
      execFile('/bin/sh', ['-c', pasted!], {cwd: work, env}, (error, stdout, stderr) =>
        resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr}),
      );
    });
    expect(shell.stderr, pasted).toBe('');
    expect(shell.code).toBe(0);
    expect(shell.stdout).toContain('Plan: 7 to create, 0 to update, 0 to delete.');
  });
});
