import {describe, expect, it} from 'vitest';
import {GuardError} from '../../../src/core/errors.js';
import {computePlan} from '../../../src/core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../../../src/core/policies.js';
import {current, desired, schema} from '../../helpers/factories.js';

const OPTIONS = {allowEmptySource: false, allowMassDelete: false, maxDeletePercent: 20};

function plan(wanted: number, have: number, extra: {unmanaged?: number} = {}) {
  return computePlan({
    sync: 's',
    blueprint: 'b',
    schema: schema(),
    ownedAttributeIds: ['attr-url'],
    desired: Array.from({length: wanted}, (_, i) => desired(`e${i}`)),
    current: [
      ...Array.from({length: have}, (_, i) => current(`e${i}`)),
      ...Array.from({length: extra.unmanaged ?? 0}, (_, i) => current(undefined, {id: `hand${i}`})),
    ],
  });
}

describe('checkGuards', () => {
  it('refuses more than 50,000 entries in a type before anything is written, with no override', () => {
    expect(() => checkGuards(plan(50_001, 0), OPTIONS)).toThrow(/would leave 50001 entries .* at most 50000 per type/);
    expect(() => checkGuards(plan(49_999, 0, {unmanaged: 2}), OPTIONS)).toThrow(GuardError);
    expect(checkGuards(plan(50_000, 0), OPTIONS).actions).toHaveLength(50_000);
  });

  it('counts deletes against the owned entries, and lets up to 10 through whatever the share', () => {
    expect(checkGuards(plan(10, 20), OPTIONS).actions).toHaveLength(10);
    expect(() => checkGuards(plan(39, 50), OPTIONS)).toThrow(/deletes 11 of 50 synced entries \(22.0%\)/);
    expect(checkGuards(plan(40, 50), OPTIONS).actions).toHaveLength(10);
    expect(checkGuards(plan(39, 50), {...OPTIONS, allowMassDelete: true}).actions).toHaveLength(11);
  });

  it('refuses to delete every owned entry when all entities were skipped or filtered, naming why', () => {
    const skipped = {
      ...plan(0, 5),
      sourceCount: 7,
      skipped: Array.from({length: 7}, (_, i) => ({identifier: `svc${i}`, reason: 'external ID is empty'})),
    };
    expect(() => checkGuards(skipped, OPTIONS)).toThrow(
      'all 7 entities Port returned for blueprint "b" were skipped (first: entity "svc0": external ID is empty), ' +
        'so no entry is desired',
    );
    expect(() => checkGuards(skipped, OPTIONS)).toThrow('--allow-empty-source');
    const filtered = {
      ...plan(0, 5),
      sourceCount: 4,
      filtered: 3,
      skipped: [{identifier: 'x', reason: 'name is empty'}],
    };
    expect(() => checkGuards(filtered, OPTIONS)).toThrow(
      'all 4 entities Port returned for blueprint "b" were left out ' +
        '(3 by the filter; 1 skipped, first: entity "x": name is empty)',
    );
    expect(checkGuards(skipped, {...OPTIONS, allowEmptySource: true}).actions).toHaveLength(5);
    expect(checkGuards({...plan(0, 0), sourceCount: 3, filtered: 3}, OPTIONS).actions).toHaveLength(0);
  });

  it('lets Port return 0 entities when nothing is to be deleted (prune: false), and refuses when prune is on', () => {
    const empty = {...plan(0, 5), sourceCount: 0};
    expect(() => checkGuards(empty, OPTIONS)).toThrow('Port returned 0 entities for blueprint "b"');
    expect(checkGuards(applyPrunePolicy(empty, false), OPTIONS).actions).toEqual([]);
    expect(() => checkGuards(applyPrunePolicy(empty, true), OPTIONS)).toThrow('--allow-empty-source');
  });

  it('exits 3', () => {
    try {
      checkGuards(plan(0, 5), OPTIONS);
      expect.unreachable();
    } catch (error) {
      expect((error as GuardError).exitCode).toBe(3);
      expect((error as GuardError).override).toBe('--allow-empty-source');
    }
  });
});

describe('checkOwnership', () => {
  // The claim carries only the annotation it sets: apply merges it with the live ones (tested end to end).
  it('claims an empty unowned type with its own annotation only, and leaves an owned one alone', () => {
    expect(checkOwnership(plan(1, 0), {team: 'sre'}, false).claimType).toEqual({
      annotations: {'reconcile.sync-id': 's'},
    });
    expect(checkOwnership(plan(1, 1), {'reconcile.sync-id': 's'}, false).claimType).toBeUndefined();
  });

  it("needs --adopt for an unowned type with synced entries, and refuses another sync's type", () => {
    expect(() => checkOwnership(plan(1, 1), {}, false)).toThrow(/--adopt/);
    expect(checkOwnership(plan(1, 1), {}, true).claimType).toBeDefined();
    expect(() => checkOwnership(plan(1, 0), {'reconcile.sync-id': 'other'}, true)).toThrow('belongs to sync "other"');
  });
});

describe('narrow', () => {
  it('keeps only the targeted entries', () => {
    const narrowed = narrow(plan(2, 4), new Set(['e3']));
    expect(narrowed.actions.map((a) => `${a.action}:${a.externalId}`)).toEqual(['delete:e3']);
    expect(narrowed.narrowedTo).toEqual(['e3']);
  });

  it('says which targets the sync has at all, and claims or changes no type when no action is left', () => {
    const claimed = checkOwnership(plan(2, 0), {}, false);
    const have = [current('e5')];
    const none = narrow(claimed, new Set(['gone', 'e5']), [desired('e0'), desired('e1')], have);
    expect(none.actions).toEqual([]);
    expect(none.targetsFound).toEqual(['e5']);
    expect(none.claimType).toBeUndefined();
    const one = narrow(claimed, new Set(['e1']), [desired('e0'), desired('e1')], have);
    expect(one.actions.map((a) => a.externalId)).toEqual(['e1']);
    expect(one.targetsFound).toEqual(['e1']);
    expect(one.claimType).toBeDefined();
  });

  it("keeps the entry a target's entity maps to when the external ID is not the identifier", () => {
    const mapped = [desired('svc:a', {sourceId: 'a'}), desired('svc:b', {sourceId: 'b'})];
    const all = computePlan({
      sync: 's',
      blueprint: 'b',
      schema: schema(),
      ownedAttributeIds: ['attr-url'],
      desired: mapped,
      current: [],
    });
    const narrowed = narrow(all, new Set(['a', 'x']), mapped);
    expect(narrowed.actions.map((a) => a.externalId)).toEqual(['svc:a']);
    expect(narrowed.narrowedTo).toEqual(['a', 'x']);
    expect(narrowed.targetsFound).toEqual(['a']);
  });
});

describe('checkGuards on a narrowed plan (--target)', () => {
  const narrowed = (wanted: number, have: number) =>
    narrow(plan(wanted, have), new Set(Array.from({length: have}, (_, i) => `e${i}`)));

  it('does not read 0 entities for one target as an empty source, nor one delete as a mass delete', () => {
    expect(checkGuards(narrowed(0, 1), OPTIONS).actions.map((a) => a.action)).toEqual(['delete']);
  });

  it('reads 0 entities for two or more targets as an empty source (review of issue 12)', () => {
    expect(() => checkGuards(narrowed(0, 2), OPTIONS)).toThrow(
      'Port returned 0 entities for the 2 targets in blueprint "b" while the catalog holds 2 of their entries',
    );
    expect(checkGuards(narrowed(0, 2), {...OPTIONS, allowEmptySource: true}).actions).toHaveLength(2);
  });

  it('judges more than ten deletes on the narrowed set, as a full plan would be', () => {
    expect(() => checkGuards(narrowed(0, 11), OPTIONS)).toThrow(
      'Port returned 0 entities for the 11 targets in blueprint "b" while the catalog holds 11 of their entries',
    );
    expect(() => checkGuards(narrowed(1, 12), OPTIONS)).toThrow(
      'the plan deletes 11 of the 12 synced entries its targets have (91.7%)',
    );
    expect(checkGuards(narrowed(1, 12), {...OPTIONS, allowMassDelete: true}).actions).toHaveLength(11);
  });

  it("judges the 50,000-entry limit on the type's size, which a narrowed plan did not read", () => {
    const create = narrow(plan(1, 0), new Set(['e0']));
    expect(() => checkGuards(create, {...OPTIONS, entriesInType: 50_000})).toThrow(/would leave 50001 entries/);
    expect(checkGuards(create, {...OPTIONS, entriesInType: 49_999}).actions).toHaveLength(1);
  });
});
