// Review 8b: a saved plan approved as a claim of an EMPTY unowned type is applied after another
// tool filled the type with its own entries (external IDs): that is an adoption nobody approved.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {DEMO_TYPE_ID, demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const CONFIG = 'examples/sync.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'review8b-claim-'));
const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
let emulator: EmulatorHandle;
let env: Record<string, string>;

beforeEach(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterEach(() => emulator.close());

describe('saved plan claims (review 8b)', () => {
  it('without a saved plan, a type holding another tool\'s entries needs --adopt', async () => {
    const made = await fetch(`${emulator.url}/v3/catalog_entries`, {method: 'POST', headers: KEY,
      body: JSON.stringify({catalog_type_id: DEMO_TYPE_ID, name: 'Other', external_id: 'other-tool-1', attribute_values: {}})});
    expect(made.status).toBe(201);
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('--adopt');
  });

  it('apply PLAN refuses to claim a type that another tool filled after the plan was made', async () => {
    const out = join(dir, `plan-${Date.now()}.json`);
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    const made = await fetch(`${emulator.url}/v3/catalog_entries`, {method: 'POST', headers: KEY,
      body: JSON.stringify({catalog_type_id: DEMO_TYPE_ID, name: 'Other', external_id: 'other-tool-1', attribute_values: {}})});
    expect(made.status).toBe(201);
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    // Either refused as a takeover (exit 3, --adopt) or as stale (exit 1); never a silent claim.
    expect(apply.code).not.toBe(0);
    expect(await emulator.writes()).toEqual([]);
    // What a silent claim leads to: the next plan deletes the other tool's entry.
    const next = await runCli(['plan', '-c', CONFIG], env);
    expect(next.stdout).not.toContain('other-tool-1');
  });
});
