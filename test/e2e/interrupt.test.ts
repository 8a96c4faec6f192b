// Ctrl-C during apply: no new writes start, those in flight finish, and the report says what was
// and was not done; the next apply finishes the job.
import {spawn} from 'node:child_process';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';
import {demoEnv, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';
import {runCli} from '../helpers/cli.js';

let emulator: EmulatorHandle;

beforeEach(async () => {
  const seed = demoSeed();
  seed.port.entities.service = Array.from({length: 300}, (_, i) => ({identifier: `svc-${i}`, title: `Service ${i}`, properties: {}}));
  emulator = await startTestEmulator(seed);
});
afterEach(() => emulator.close());

describe('Ctrl-C during apply', () => {
  it('stops launching writes, reports what was not started, exits 1, and a re-run converges', async () => {
    await emulator.control('PUT', '/faults', {latencyMs: 40});
    const env = {...process.env, ...demoEnv(emulator), NO_COLOR: '1'};
    const child = spawn(process.execPath, ['bin/run.js', 'apply', '-c', 'examples/sync.config.yaml', '--auto-approve', '--parallelism', '2'], {cwd: ROOT, env});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    // Wait until writes are under way, then interrupt.
    for (let i = 0; i < 200 && (await emulator.writes()).length < 20; i += 1) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(1);
    expect(stderr).toContain('Interrupted: no new writes will start; waiting for those in flight');
    const summary = /Apply interrupted: (\d+) created, 0 updated, 0 deleted\. (\d+) not started\./.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    const created = Number(summary![1]);
    expect(created + Number(summary![2])).toBe(300);
    expect(created).toBeGreaterThanOrEqual(20);
    expect(created).toBeLessThan(300);
    expect(stderr).toContain(`Apply interrupted: ${summary![2]} change(s) were not started.`);
    expect((await emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(created);

    await emulator.control('PUT', '/faults', {latencyMs: 0});
    const again = await runCli(['apply', '-c', 'examples/sync.config.yaml', '--auto-approve'], demoEnv(emulator));
    expect(again.stdout).toContain(`Apply complete! ${300 - created} created, 0 updated, 0 deleted.`);
  });
});
