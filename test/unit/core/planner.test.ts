import {describe, expect, it} from 'vitest';
import {computePlan, type PlanInput} from '../../../src/core/planner.js';
import {applyPrunePolicy} from '../../../src/core/policies.js';
import {summarize} from '../../../src/core/plan.js';
import {attribute, current, desired, schema} from '../../helpers/factories.js';

const OWNED = ['attr-url', 'attr-language', 'attr-readme'];

function plan(desiredEntries: PlanInput['desired'], currentEntries: PlanInput['current'], overrides: Partial<PlanInput> = {}) {
  return computePlan({sync: 'services', blueprint: 'service', schema: schema(), ownedAttributeIds: OWNED, desired: desiredEntries, current: currentEntries, ...overrides});
}

describe('computePlan', () => {
  it('creates entries that are only in Port, with their fields', () => {
    const result = plan([desired('a')], []);
    expect(result.actions).toHaveLength(1);
    const [action] = result.actions;
    expect(action?.action).toBe('create');
    expect(action?.action === 'create' && action.fields).toEqual([
      {label: 'external_id', value: 'a'}, {label: 'name', value: 'A'}, {label: 'url', value: 'https://x/a'},
    ]);
  });

  it('leaves equal entries unchanged and counts them', () => {
    const result = plan([desired('a'), desired('b')], [current('a'), current('b')]);
    expect(result.actions).toEqual([]);
    expect(result.unchanged).toBe(2);
  });

  it('updates only the fields that differ, old -> new, counting the rest', () => {
    const result = plan([desired('a', {name: 'Alpha', attributes: {'attr-url': 'https://new', 'attr-language': 'Go'}})], [current('a')]);
    const [action] = result.actions;
    expect(action?.action).toBe('update');
    if (action?.action !== 'update') return;
    expect(action.changes).toEqual([
      {label: 'name', before: 'A', after: 'Alpha'},
      {label: 'url', before: 'https://x/a', after: 'https://new'},
      {label: 'language', before: undefined, after: 'Go'},
    ]);
    expect(action.unchangedFields).toBe(1); // readme: absent on both sides
    expect(action.entryId).toBe('entry-a');
  });

  it('treats an empty value read back from incident.io as no value', () => {
    const result = plan([desired('a')], [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-language': '', 'attr-readme': 'text\n\n'}})], {});
    expect(result.actions.map((a) => a.action)).toEqual(['update']);
    const again = plan([desired('a', {attributes: {'attr-url': 'https://x/a', 'attr-readme': 'text'}})], [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-language': '', 'attr-readme': 'text\n\n'}})]);
    expect(again.actions).toEqual([]);
  });

  it('ignores attributes the sync does not own', () => {
    const result = plan([desired('a')], [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-lifecycle': 'set by hand'}})]);
    expect(result.actions).toEqual([]);
  });

  it('compares aliases as a set, and only when the config maps them', () => {
    expect(plan([desired('a', {aliases: ['y', 'x']})], [current('a', {aliases: ['x', 'y', 'x']})]).actions).toEqual([]);
    expect(plan([desired('a')], [current('a', {aliases: ['kept']})]).actions).toEqual([]);
    expect(plan([desired('a', {aliases: []})], [current('a', {aliases: ['gone']})]).actions[0]?.action).toBe('update');
  });

  it('compares rank only when the config maps it', () => {
    expect(plan([desired('a')], [current('a', {rank: 7})]).actions).toEqual([]);
    expect(plan([desired('a', {rank: 3})], [current('a', {rank: 7})]).actions[0]?.action).toBe('update');
  });

  it('deletes entries whose external ID no entity maps to, with the reason', () => {
    const result = plan([desired('a')], [current('a'), current('gone')]);
    expect(result.actions).toHaveLength(1);
    const [action] = result.actions;
    expect(action).toMatchObject({action: 'delete', externalId: 'gone', entryId: 'entry-gone'});
    expect(action?.action === 'delete' && action.reason).toBe('no entity in Port blueprint "service" maps to this external ID');
  });

  it('never updates or deletes entries without an external ID', () => {
    const result = plan([desired('hand')], [current(undefined)]);
    expect(result.unmanaged).toBe(1);
    expect(result.actions.map((a) => a.action)).toEqual(['create']);
    expect(plan([], [current(undefined)]).actions).toEqual([]);
  });

  it('with prune: false, deletes nothing', () => {
    const result = applyPrunePolicy(plan([], [current('a'), current('b')]), false);
    expect(result.actions).toEqual([]);
    expect(summarize([applyPrunePolicy(plan([], [current('a')]), true)])).toEqual({create: 0, update: 0, delete: 1});
  });

  it('is linear: 50,000 entries plan without quadratic work', () => {
    const n = 50_000;
    const want = Array.from({length: n}, (_, i) => desired(`e${i}`));
    const have = Array.from({length: n}, (_, i) => current(`e${i}`));
    const result = plan(want, have, {schema: schema([attribute('url')]), ownedAttributeIds: ['attr-url']});
    expect(result.unchanged).toBe(n);
  });
});
