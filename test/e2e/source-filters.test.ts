// source.query narrows at Port; source.filter leaves entities out after reading; both count, and
// entries whose entity is filtered out later are deleted.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {scenario, type Scenario} from '../helpers/scenario.js';

const QUERY_AND_FILTER =
  '      blueprint: service\n      query:\n        combinator: and\n        rules:\n' +
  '          - {property: lifecycle, operator: "!=", value: Deprecated}\n' +
  '      filter: properties.language != "Python"\n';

let s: Scenario;
beforeEach(async () => {
  s = await scenario({config: (yaml) => yaml.replace('      blueprint: service\n', QUERY_AND_FILTER)});
});
afterEach(() => s.close());

describe('source filters', () => {
  it('query and filter choose the entities; filtered-out ones are counted and later deleted', async () => {
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    // 8 entities; the query drops legacy-billing (Deprecated); the filter drops fraud-scoring (Python); scratch-repo has no title.
    expect(apply.stdout).toContain('(0 unchanged, 1 filtered out, 1 skipped, 1 without external ID left alone)');
    expect(apply.stdout).toContain('Apply complete! 5 created, 0 updated, 0 deleted.');
    const synced = (await s.emulator.entries())
      .map((e) => e.external_id)
      .filter(Boolean)
      .sort();
    expect(synced).toEqual(['checkout-web', 'design-system', 'ledger', 'notifications', 'payments-api']);
    const search = (await s.requests()).filter((r) => r.path.endsWith('/entities/search'));
    expect(search.length).toBeGreaterThan(0);

    const python = {language: 'Python', lifecycle: 'Production'};
    await s.emulator.putEntity('service', {identifier: 'ledger', title: 'Ledger', properties: python});
    const plan = await s.run('plan');
    expect(plan.stdout).toContain('# ledger "Ledger" will be deleted');
    expect(plan.stdout).toContain('2 filtered out');
  });

  it('a filter that does not answer true or false is a mapping error', async () => {
    const unchecked = (yaml: string): string =>
      yaml.replace('filter: properties.language != "Python"', 'filter: properties.language');
    const result = await s.run('plan', '-c', s.variant('bad-filter.yaml', unchecked));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entity "payments-api", filter: expected true or false, got "Node"');
  });
});
