import {describe, expect, it} from 'vitest';
import type {CatalogTypeSchema, DeclaredType} from '../../../src/core/model.js';
import {attributeId, planType, typeNeedsWrite} from '../../../src/core/type-planner.js';
import {orderSyncs, DependencyCycleError, referenceCycles} from '../../../src/core/sync-order.js';

const DECLARED: DeclaredType = {
  name: 'Teams',
  description: 'Teams from Port',
  typeName: 'Custom["Team"]',
  categories: ['team'],
  ranked: false,
  attributes: [
    {name: 'slack', type: 'String', array: false},
    {name: 'members', type: 'String', array: true},
  ],
};

function live(overrides: Partial<CatalogTypeSchema> = {}): CatalogTypeSchema {
  return {
    id: 'T1',
    name: 'Teams',
    description: 'Teams from Port',
    typeName: 'Custom["Team"]',
    version: 4,
    categories: ['team'],
    ranked: false,
    attributes: [
      {id: 'a-slack', name: 'slack', type: 'String', array: false, mode: 'api'},
      {id: 'a-members', name: 'members', type: 'String', array: true, mode: 'api'},
      {id: 'a-hand', name: 'notes', type: 'Text', array: false, mode: 'dashboard'},
    ],
    annotations: {'reconcile.sync-id': 'teams', 'reconcile.attributes': '["slack","members"]'},
    ...overrides,
  };
}

describe('planType', () => {
  it('creates a missing type with every declared attribute, IDs chosen up front', () => {
    const {changes, schema} = planType(DECLARED, undefined, 'teams');
    expect(changes.create).toBe(true);
    expect(changes.added.map((a) => [a.name, a.id])).toEqual([
      ['slack', attributeId('Custom["Team"]', 'slack')],
      ['members', attributeId('Custom["Team"]', 'members')],
    ]);
    expect(schema.attributes).toEqual(changes.attributes);
    expect(changes.annotations).toEqual({'reconcile.sync-id': 'teams', 'reconcile.attributes': '["slack","members"]'});
    expect(attributeId('Custom["Team"]', 'slack')).toBe(attributeId('Custom["Team"]', 'slack'));
    expect(attributeId('Custom["Team"]', 'slack')).not.toBe(attributeId('Custom["Team"]', 'members'));
  });

  it('writes nothing when the live type matches the declaration', () => {
    expect(typeNeedsWrite(planType(DECLARED, live(), 'teams').changes)).toBe(false);
  });

  it('adds and changes attributes, keeps hand-added ones, and sends the full list at the current version', () => {
    const declared = {
      ...DECLARED,
      attributes: [
        {name: 'slack', type: 'Text', array: false},
        {name: 'members', type: 'String', array: true},
        {name: 'tier', type: 'Number', array: false},
      ],
    };
    const {changes} = planType(declared, live(), 'teams');
    expect(changes.added.map((a) => a.name)).toEqual(['tier']);
    expect(changes.changed.map((c) => [c.before.type, c.after.type])).toEqual([['String', 'Text']]);
    expect(changes.removed).toEqual([]);
    expect(changes.attributes.map((a) => a.name)).toEqual(['slack', 'members', 'notes', 'tier']);
    expect(changes.version).toBe(4);
    expect(typeNeedsWrite(changes)).toBe(true);
  });

  it('removes only attributes it declared before, never those added by hand', () => {
    const {changes} = planType({...DECLARED, attributes: [DECLARED.attributes[0]!]}, live(), 'teams');
    expect(changes.removed.map((a) => a.name)).toEqual(['members']);
    expect(changes.attributes.map((a) => a.name)).toEqual(['slack', 'notes']);
  });

  it('sets only its own annotations and shows the ownership check the live owner', () => {
    const others = {...live().annotations, 'example.com/team': 'sre'};
    const {changes, schema} = planType(DECLARED, live({annotations: others}), 'teams');
    expect(changes.annotations).toEqual({'reconcile.sync-id': 'teams', 'reconcile.attributes': '["slack","members"]'});
    expect(typeNeedsWrite(changes)).toBe(false);
    const owned = planType(DECLARED, live({annotations: {...others, 'reconcile.sync-id': 'people'}}), 'teams');
    expect(owned.schema.annotations['reconcile.sync-id']).toBe('people');
    expect(owned.changes.updateType).toBe(true);
    expect(schema.annotations).toEqual(others);
  });

  it('updates fields that differ', () => {
    const {changes} = planType({...DECLARED, name: 'All teams', color: 'violet'}, live({color: 'blue'}), 'teams');
    expect(changes.fields).toEqual([
      {label: 'name', before: 'Teams', after: 'All teams'},
      {label: 'color', before: 'blue', after: 'violet'},
    ]);
    expect(changes.updateType).toBe(true);
  });

  it('sets source_repo_url like the other fields, and leaves it alone when the config has none', () => {
    const url = 'https://github.com/acme/catalog';
    const {changes} = planType({...DECLARED, sourceRepoUrl: url}, live(), 'teams');
    expect(changes.fields).toEqual([{label: 'source_repo_url', before: undefined, after: url}]);
    expect(changes.updateType).toBe(true);
    const same = planType({...DECLARED, sourceRepoUrl: url}, live({sourceRepoUrl: url}), 'teams');
    expect(typeNeedsWrite(same.changes)).toBe(false);
    expect(typeNeedsWrite(planType(DECLARED, live({sourceRepoUrl: url}), 'teams').changes)).toBe(false);
  });
});

describe('orderSyncs', () => {
  it('puts referenced types first, whatever the order in the file', () => {
    expect(
      orderSyncs([
        {name: 'services', typeName: 'S', references: ['T', 'D']},
        {name: 'teams', typeName: 'T', references: ['String']},
        {name: 'domains', typeName: 'D', references: []},
      ]),
    ).toEqual(['teams', 'domains', 'services']);
  });

  it('orders syncs that reference each other, the others after them, and names the cycle', () => {
    const nodes = [
      {name: 'd', typeName: 'D', references: ['A']},
      {name: 'a', typeName: 'A', references: ['B']},
      {name: 'b', typeName: 'B', references: ['C']},
      {name: 'c', typeName: 'C', references: ['A']},
    ];
    const order = orderSyncs(nodes);
    expect(order).toHaveLength(4);
    expect(order.at(-1)).toBe('d');
    expect(referenceCycles(nodes)).toEqual([{members: ['a', 'b', 'c'], path: ['a', 'b', 'c', 'a']}]);
    expect(referenceCycles(nodes.slice(0, 2))).toEqual([]);
    expect(new DependencyCycleError(['a', 'b', 'a'], 'Why.').message).toBe(
      'syncs reference each other in a cycle: a → b → a. Why.',
    );
  });
});
