import {describe, expect, it} from 'vitest';
import {computePlan} from '../../../src/core/planner.js';
import {
  entriesAfterApply,
  isCustomReference,
  referenceIndex as matchIndex,
  toReferenceKeys,
  type ReferenceCandidate,
} from '../../../src/core/references.js';
import {attribute, current, desired, schema} from '../../helpers/factories.js';

/** The key a literal names, or the match itself when it names several entries. */
function referenceIndex(candidates: readonly ReferenceCandidate[], useNames = false) {
  const match = matchIndex(candidates, useNames);
  return (literal: string) => {
    const found = match(literal);
    return found !== undefined && 'key' in found ? found.key : found;
  };
}

describe('referenceIndex', () => {
  const teams = [
    {id: '01TEAMPAY', externalId: 'payments', aliases: ['pay'], name: 'Payments'},
    {id: '01TEAMSEARCH', aliases: ['search'], name: 'Search'},
    {id: '01TEAMODD', externalId: 'pay', aliases: [], name: 'Odd'},
  ];

  it('names an entry by ID, external ID or alias, and keys it by its external ID (else its ID)', () => {
    const resolve = referenceIndex(teams);
    expect(['01TEAMPAY', 'payments', '01TEAMSEARCH', 'search'].map(resolve)).toEqual([
      'payments',
      'payments',
      '01TEAMSEARCH',
      '01TEAMSEARCH',
    ]);
    expect(resolve('ghost')).toBeUndefined();
  });

  it("prefers an external ID over another entry's alias, as incident.io does", () => {
    expect(referenceIndex(teams)('pay')).toBe('pay');
  });

  it('reports a literal that is the alias of several entries, the same whatever their order', () => {
    const shared = [
      ...teams,
      {id: '01TEAMCORE', externalId: 'core-b', aliases: ['core'], name: 'B'},
      {id: '01TEAMCORA', externalId: 'core-a', aliases: ['core', 'pay'], name: 'A'},
    ];
    for (const order of [shared, [...shared].reverse()]) {
      expect(referenceIndex(order)('core')).toEqual({ambiguous: ['core-a', 'core-b'], kind: 'alias'});
      expect(referenceIndex(order)('pay')).toBe('pay'); // the external ID wins over both aliases
    }
  });

  it('matches names only for types that use names as identifiers', () => {
    expect(referenceIndex(teams)('Payments')).toBeUndefined();
    expect(referenceIndex(teams, true)('Payments')).toBe('payments');
  });
});

describe('entriesAfterApply', () => {
  const now = [current('a'), current('gone'), current(undefined, {id: 'entry-hand', aliases: ['by-hand']})];

  it('holds the desired entries, with the IDs of those that exist, and entries made by hand', () => {
    const after = entriesAfterApply([desired('a'), desired('new', {aliases: ['fresh']})], now, true);
    const resolve = referenceIndex(after);
    expect(['entry-a', 'a', 'new', 'fresh', 'by-hand', 'entry-hand'].map(resolve)).toEqual([
      'a',
      'a',
      'new',
      'new',
      'entry-hand',
      'entry-hand',
    ]);
    expect(resolve('gone')).toBeUndefined(); // pruned
    expect(resolve('entry-gone')).toBeUndefined();
  });

  it('keeps entries no entity maps to when prune is off', () => {
    expect(referenceIndex(entriesAfterApply([desired('a')], now, false))('gone')).toBe('gone');
  });
});

describe('isCustomReference', () => {
  it('is true for custom types only: built-in types compare as written, derived attributes are never written', () => {
    expect(isCustomReference(attribute('owner', 'Custom["Team"]'))).toBe(true);
    const others = ['String', 'Text', 'Number', 'Bool', 'User', 'EscalationPath', 'SlackChannel'];
    expect(others.map((t) => isCustomReference(attribute('x', t)))).toEqual(Array(7).fill(false));
    expect(isCustomReference(attribute('services', 'Custom["Service"]', {mode: 'backlink'}))).toBe(false);
  });
});

describe('computePlan with reference keys', () => {
  const owner = attribute('owner', 'Custom["Team"]');
  const keys = new Map([
    [
      'attr-owner',
      new Map([
        ['01TEAMPAY', 'payments'],
        ['pay', 'payments'],
        ['01TEAMX', 'x'],
      ]),
    ],
  ]);
  const run = (want: string, stored: string) =>
    computePlan({
      sync: 'services',
      blueprint: 'service',
      schema: schema([owner]),
      ownedAttributeIds: ['attr-owner'],
      referenceKeys: keys,
      desired: [desired('a', {attributes: {'attr-owner': want}})],
      current: [current('a', {attributes: {'attr-owner': stored}})],
    });

  it('leaves a stored entry ID alone when the config names the same entry by external ID or alias', () => {
    expect(run('payments', '01TEAMPAY').actions).toEqual([]);
    expect(run('pay', '01TEAMPAY').actions).toEqual([]);
  });

  it('shows a change by the entry names, old -> new', () => {
    const [action] = run('payments', '01TEAMX').actions;
    expect(action?.action === 'update' && action.changes).toEqual([{label: 'owner', before: 'x', after: 'payments'}]);
  });

  it('maps arrays literal by literal', () => {
    expect(toReferenceKeys(['01TEAMPAY', 'other'], keys.get('attr-owner'))).toEqual(['payments', 'other']);
  });
});
