// Review 8b: `apply PLAN --target X` / `--sync NAME` silently applies the WHOLE saved plan
// (and --sync naming no sync is not the error item 12 asks for).
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const CONFIG = 'examples/sync.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'review8b-narrow-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;
beforeEach(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterEach(() => emulator.close());

describe('saved plan with narrowing flags (review 8b)', () => {
  it('apply PLAN --target ledger writes at most ledger, or refuses', async () => {
    const out = join(dir, 'plan.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    const apply = await runCli(['apply', '-c', CONFIG, out, '--target', 'ledger'], env);
    const created = (await emulator.writes()).filter((w) => w.path === '/v3/catalog_entries');
    if (apply.code === 0) expect(created.length).toBeLessThanOrEqual(1);
    else expect(created).toEqual([]);
  });

  it('apply PLAN --sync nosuch is an error and writes nothing', async () => {
    const out = join(dir, 'plan2.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    const apply = await runCli(['apply', '-c', CONFIG, out, '--sync', 'nosuch'], env);
    expect(apply.code).toBe(1);
    expect(await emulator.writes()).toEqual([]);
  });
});
