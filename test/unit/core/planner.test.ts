import {describe, expect, it} from 'vitest';
import type {CatalogEntry, DesiredEntry} from '../../../src/core/model.js';
import {computePlan, startPlan, type PlanInput} from '../../../src/core/planner.js';
import {applyPrunePolicy} from '../../../src/core/policies.js';
import {summarize} from '../../../src/core/plan.js';
import {attribute, current, desired, schema} from '../../helpers/factories.js';

const OWNED = ['attr-url', 'attr-language', 'attr-readme'];

function plan(
  desiredEntries: PlanInput['desired'],
  currentEntries: PlanInput['current'],
  overrides: Partial<PlanInput> = {},
) {
  return computePlan({
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: desiredEntries,
    current: currentEntries,
    ...overrides,
  });
}

/** Wraps `value` so that every property read on it, or on anything read from it, counts. */
function counted<T extends object>(value: T, counter: {reads: number}): T {
  return new Proxy(value, {
    get(target, key, receiver) {
      counter.reads += 1;
      const found: unknown = Reflect.get(target, key, receiver);
      return typeof found === 'object' && found !== null ? counted(found, counter) : found;
    },
  });
}

/** A mixed plan of n entries: a quarter created, a quarter updated, half unchanged, a quarter deleted. */
function mixedInput(n: number): PlanInput {
  const q = n / 4;
  const want = Array.from({length: n}, (_, i) => desired(`e${i}`, i < 2 * q && i >= q ? {name: 'Changed'} : {}));
  const have = Array.from({length: n}, (_, i) => current(`e${i + q}`));
  return {
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: want,
    current: have,
  };
}

/** Reads at `large` entries over reads at `small`: about large / small for linear work. */
function readsAt(small: number, large: number, work: (input: PlanInput) => unknown): number {
  const reads = (n: number): number => {
    const counter = {reads: 0};
    const input = mixedInput(n);
    work({
      ...input,
      schema: counted(input.schema, counter),
      desired: counted(input.desired, counter),
      current: counted(input.current, counter),
    });
    return counter.reads;
  };
  return reads(large) / reads(small);
}

describe('computePlan', () => {
  it('creates entries that are only in Port, with their fields', () => {
    const result = plan([desired('a')], []);
    expect(result.actions).toHaveLength(1);
    const [action] = result.actions;
    expect(action?.action).toBe('create');
    expect(action?.action === 'create' && action.fields).toEqual([
      {label: 'external_id', value: 'a'},
      {label: 'name', value: 'A'},
      {label: 'url', value: 'https://x/a'},
    ]);
  });

  it('leaves equal entries unchanged and counts them', () => {
    const result = plan([desired('a'), desired('b')], [current('a'), current('b')]);
    expect(result.actions).toEqual([]);
    expect(result.unchanged).toBe(2);
  });

  it('updates only the fields that differ, old -> new, counting the rest', () => {
    const result = plan(
      [desired('a', {name: 'Alpha', attributes: {'attr-url': 'https://new', 'attr-language': 'Go'}})],
      [current('a')],
    );
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
    const result = plan(
      [desired('a')],
      [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-language': '', 'attr-readme': 'text\n\n'}})],
      {},
    );
    expect(result.actions.map((a) => a.action)).toEqual(['update']);
    const again = plan(
      [desired('a', {attributes: {'attr-url': 'https://x/a', 'attr-readme': 'text'}})],
      [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-language': '', 'attr-readme': 'text\n\n'}})],
    );
    expect(again.actions).toEqual([]);
  });

  it('ignores attributes the sync does not own', () => {
    const result = plan(
      [desired('a')],
      [current('a', {attributes: {'attr-url': 'https://x/a', 'attr-lifecycle': 'set by hand'}})],
    );
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
    expect(action?.action === 'delete' && action.reason).toBe(
      'no entity in Port blueprint "service" maps to this external ID',
    );
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

  it('is linear: four times the entries, four times the work', () => {
    // Work is counted, not timed: every property read on the inputs (entries, their attribute maps,
    // the arrays, the schema) goes through a counting proxy. Linear work reads each entry a bounded
    // number of times, so 4N entries cost 4 times N's reads; a quadratic matcher costs 16 times.
    const linear = readsAt(400, 1_600, (input) => computePlan(input));
    expect(linear).toBeGreaterThan(3.5);
    expect(linear).toBeLessThan(4.5);
    // The measure itself can fail: a planner that looks each entry up by scanning is caught.
    const scan = ({desired: want, current: have}: PlanInput) =>
      want.map((d) => have.find((c) => c.externalId === d.externalId));
    const quadratic = readsAt(400, 1_600, scan);
    expect(quadratic).toBeGreaterThan(10);
  });

  it('plans 50,000 entries, every one unchanged', () => {
    const n = 50_000;
    const want = Array.from({length: n}, (_, i) => desired(`e${i}`));
    const have = Array.from({length: n}, (_, i) => current(`e${i}`));
    const result = plan(want, have, {schema: schema([attribute('url')]), ownedAttributeIds: ['attr-url']});
    expect(result.unchanged).toBe(n);
  });
});

describe('startPlan: both sides added page by page, in any order', () => {
  const start = () => startPlan({sync: 'services', blueprint: 'service', schema: schema(), ownedAttributeIds: OWNED});

  /** Entries in every state: created, updated, unchanged, deleted, and one made by hand. */
  function sides(): {want: DesiredEntry[]; have: CatalogEntry[]} {
    const want = Array.from({length: 40}, (_, i) => desired(`e${i}`, i % 4 === 1 ? {name: 'Changed'} : {}));
    const have = [current(undefined), ...Array.from({length: 40}, (_, i) => current(`e${i + 10}`))];
    return {want, have};
  }

  /** Splits both lists into pages and interleaves them by `pick` (true: a desired page next). */
  function interleaved(pick: (step: number) => boolean, pageSize: number) {
    const {want, have} = sides();
    const builder = start();
    let d = 0;
    let c = 0;
    for (let step = 0; d < want.length || c < have.length; step += 1) {
      if ((pick(step) && d < want.length) || c >= have.length) {
        builder.addDesired(want.slice(d, d + pageSize));
        d += pageSize;
      } else {
        builder.addCurrent(have.slice(c, c + pageSize));
        c += pageSize;
      }
    }
    return builder.finish();
  }

  it('plans the same whichever side arrives first, and however their pages interleave', () => {
    const {want, have} = sides();
    const expected = plan(want, have);
    expect(summarize([expected])).toEqual({create: 10, update: 7, delete: 10});
    expect(interleaved(() => true, 7)).toEqual(expected); // Port first
    expect(interleaved(() => false, 7)).toEqual(expected); // the catalog first
    expect(interleaved((step) => step % 2 === 0, 3)).toEqual(expected);
    expect(interleaved((step) => step % 3 === 0, 5)).toEqual(expected);
  });

  it('counts the entries that wait for their Port entity, and compares them once it arrives', () => {
    const builder = start();
    builder.addCurrent([current('a'), current('b'), current(undefined)]);
    expect(builder.waiting).toBe(2); // the entry made by hand waits for nothing
    builder.addDesired([desired('b', {name: 'Bee'})]);
    expect(builder.waiting).toBe(1);
    expect(builder.current[1]?.attributes).toEqual({}); // compared: lean
    expect(builder.current[0]?.attributes).toEqual({'attr-url': 'https://x/a'}); // still whole
    const plan = builder.finish();
    expect(plan.actions.map((a) => [a.action, a.externalId])).toEqual([
      ['update', 'b'],
      ['delete', 'a'],
    ]);
    const removed = plan.actions[1]?.action === 'delete' ? plan.actions[1].fields : [];
    expect(removed).toContainEqual({label: 'url', value: 'https://x/a'});
  });

  it('drops the values of an unchanged desired entry once compared, but keeps those of one that changes', () => {
    const builder = start();
    builder.addCurrent([current('same'), current('changed')]);
    builder.addDesired([desired('same'), desired('changed', {attributes: {'attr-url': 'https://new'}})]);
    expect(builder.desired.map((d) => d.attributes)).toEqual([{}, {'attr-url': 'https://new'}]);
    const [update] = builder.finish().actions;
    expect(update?.action === 'update' && update.after.attributes).toEqual({'attr-url': 'https://new'});
  });

  it('keeps the values of unchanged entries when the sync owns custom references (compared later)', () => {
    const withTeam = schema([attribute('url'), attribute('team', 'Custom["Team"]')]);
    const owned = ['attr-url', 'attr-team'];
    const builder = startPlan({sync: 'services', blueprint: 'service', schema: withTeam, ownedAttributeIds: owned});
    const values = {'attr-url': 'https://x/a', 'attr-team': 'team-1'};
    builder.addDesired([desired('a', {attributes: values})]);
    builder.addCurrent([current('a', {attributes: {'attr-url': 'https://x/a', 'attr-team': 'TEAMENTRY2'}})]);
    expect(builder.desired[0]?.attributes).toEqual(values);
    const keys = new Map([
      [
        'attr-team',
        new Map([
          ['team-1', 'team-1'],
          ['TEAMENTRY2', 'team-2'],
        ]),
      ],
    ]);
    const [update] = builder.finish({}, keys).actions;
    // The reference changed; every other value is still sent with it, not cleared.
    expect(update?.action === 'update' && update.after.attributes).toEqual(values);
  });

  it('compares the first of two entries sharing an external ID and leaves the other alone (never clears it)', () => {
    const builder = start();
    builder.addDesired([desired('a')]);
    builder.addCurrent([current('a'), current('a', {id: 'entry-a-again', attributes: {'attr-url': 'https://other'}})]);
    const plan = builder.finish();
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.managed).toBe(1);
  });
});
