import {describe, expect, it} from 'vitest';
import {collectTargets, parseTargetList, unmatchedTargetWarnings} from '../../../src/app/narrowing.js';
import {TargetListError} from '../../../src/core/errors.js';
import type {SyncPlan} from '../../../src/core/plan.js';

describe('parseTargetList', () => {
  it('takes one identifier a line, trimmed, skipping blank lines and # comments', () => {
    expect(parseTargetList('# changed in Port\r\nledger\n\n  payments-api \n#x\nteam:a/b\n')).toEqual([
      'ledger',
      'payments-api',
      'team:a/b',
    ]);
  });
});

describe('collectTargets', () => {
  const files = (text: string) => () => text;

  it('is empty without either flag: the run is not narrowed', () => {
    expect(collectTargets([], undefined)).toEqual([]);
  });

  it('joins --target and --targets-from, each once, in order', () => {
    expect(collectTargets(['b', 'a'], 'list.txt', files('a\nc\n'))).toEqual(['b', 'a', 'c']);
  });

  it('refuses a list that names no target, and a blank --target: an empty list is never "all"', () => {
    expect(() => collectTargets([], 'empty.txt', files('# nothing\n\n'))).toThrow(TargetListError);
    expect(() => collectTargets([], '-', files(''))).toThrow('--targets-from - (standard input) names no target');
    expect(() => collectTargets(['  '], undefined)).toThrow('--target "  " is blank');
    expect(collectTargets(['x'], 'empty.txt', files(''))).toEqual(['x']);
  });

  it('names the file it cannot read', () => {
    expect(() => collectTargets([], '/no/such/targets.txt')).toThrow(
      /--targets-from \/no\/such\/targets.txt: cannot read it/,
    );
  });
});

describe('unmatchedTargetWarnings', () => {
  const plan = (extra: Partial<SyncPlan>): SyncPlan => ({
    sync: 'services',
    blueprint: 'service',
    catalogTypeId: 't',
    catalogTypeName: 'T',
    ownedAttributeIds: [],
    attributeNames: {},
    actions: [],
    unchanged: 0,
    unmanaged: 0,
    managed: 0,
    sourceCount: 0,
    skipped: [],
    ...extra,
  });

  it("warns once per target no sync has, and says when a gone entity's entry is left to the full run", () => {
    const plans = [plan({targetsFound: ['a'], targetsNotLookedUp: ['gone']})];
    const warnings = unmatchedTargetWarnings(plans, ['a', 'b', 'b', 'gone']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(
      '--target "b" matches no entity in Port and no entry in the catalog (syncs: services)',
    );
    expect(warnings[1]).toContain('--target "gone" matches no entity in Port (syncs: services)');
    expect(warnings[1]).toContain('the next full run deletes it');
  });
});
