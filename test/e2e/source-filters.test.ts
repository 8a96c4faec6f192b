// source.query narrows at Port; source.filter leaves entities out after reading; both count, and
// entries whose entity is filtered out later are deleted.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'reconcile-filters-'));
const CONFIG = join(dir, 'sync.config.yaml');
writeFileSync(CONFIG, readFileSync(new URL('../../examples/sync.config.yaml', import.meta.url), 'utf8').replace(
  '      blueprint: service\n',
  '      blueprint: service\n      query:\n        combinator: and\n        rules:\n          - {property: lifecycle, operator: "!=", value: Deprecated}\n      filter: properties.language != "Python"\n',
));

let emulator: EmulatorHandle;
beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => emulator.close());

describe('source filters', () => {
  it('query and filter choose the entities; filtered-out ones are counted and later deleted', async () => {
    const env = demoEnv(emulator);
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(apply.code).toBe(0);
    // 8 entities; the query drops legacy-billing (Deprecated); the filter drops fraud-scoring (Python); scratch-repo has no title.
    expect(apply.stdout).toContain('(0 unchanged, 1 filtered out, 1 skipped, 1 without external ID left alone)');
    expect(apply.stdout).toContain('Apply complete! 5 created, 0 updated, 0 deleted.');
    const synced = (await emulator.entries()).map((e) => e.external_id).filter(Boolean).sort();
    expect(synced).toEqual(['checkout-web', 'design-system', 'ledger', 'notifications', 'payments-api']);
    const search = (await emulator.requests()).filter((r) => r.path.endsWith('/entities/search'));
    expect(search.length).toBeGreaterThan(0);

    await emulator.putEntity('service', {identifier: 'ledger', title: 'Ledger', properties: {language: 'Python', lifecycle: 'Production'}});
    const plan = await runCli(['plan', '-c', CONFIG], env);
    expect(plan.stdout).toContain('# ledger "Ledger" will be deleted');
    expect(plan.stdout).toContain('2 filtered out');
  });

  it('a filter that does not answer true or false is a mapping error', async () => {
    const bad = join(dir, 'bad-filter.yaml');
    writeFileSync(bad, readFileSync(CONFIG, 'utf8').replace('filter: properties.language != "Python"', 'filter: properties.language'));
    const result = await runCli(['plan', '-c', bad], demoEnv(emulator));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entity "payments-api", filter: expected true or false, got "Node"');
  });
});
