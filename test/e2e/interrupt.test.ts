// Ctrl-C during apply: no new writes start, those in flight finish, and the report says what was
// and was not done; the next apply finishes the job.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {demoSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;

beforeEach(async () => {
  const seed = demoSeed();
  seed.port.entities.service = Array.from({length: 300}, (_, i) => ({
    identifier: `svc-${i}`,
    title: `Service ${i}`,
    properties: {},
  }));
  s = await scenario({seed});
});
afterEach(() => s.close());

describe('Ctrl-C during apply', () => {
  it('stops launching writes, reports what was not started, exits 1, and a re-run converges', async () => {
    await s.emulator.control('PUT', '/faults', {latencyMs: 40});
    const child = s.spawn('apply', '--auto-approve', '--parallelism', '2');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    // Wait until writes are under way, then interrupt.
    for (let i = 0; i < 200 && (await s.writes()).length < 20; i += 1) await new Promise((r) => setTimeout(r, 25));
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
    expect((await s.emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(created);

    await s.emulator.control('PUT', '/faults', {latencyMs: 0});
    const again = await s.run('apply', '--auto-approve');
    expect(again.stdout).toContain(`Apply complete! ${300 - created} created, 0 updated, 0 deleted.`);
  });
});
