// startPlan against computePlan on random catalogs: Port pages and catalog pages of random sizes,
// interleaved at random, with entries made by hand and external IDs the catalog lists twice. The
// plan must not depend on which side arrives first, and a duplicate must never turn into a delete or
// an update that clears values. Seeded, so a failure repeats.
import {describe, expect, it} from 'vitest';
import type {CatalogEntry, DesiredEntry} from '../../../src/core/model.js';
import {computePlan, startPlan, type PlanInput} from '../../../src/core/planner.js';
import {current, desired, schema} from '../../helpers/factories.js';
import {seededRandom} from '../../helpers/random.js';

const OWNED = ['attr-url', 'attr-language', 'attr-readme'];

const generator = seededRandom;

/** Random sides: desired entries (some changed), catalog entries (some twice, some by hand), in random order. */
function sides(random: () => number): {want: DesiredEntry[]; have: CatalogEntry[]} {
  const ids = Array.from({length: 30}, (_, i) => `e${i}`);
  const want = ids
    .filter(() => random() < 0.7)
    .map((id) => {
      const roll = random();
      if (roll < 0.2) return desired(id, {name: 'Changed'});
      if (roll < 0.3) return desired(id, {attributes: {'attr-url': 'https://new', 'attr-language': 'Go'}});
      return desired(id);
    });
  const have: CatalogEntry[] = [];
  for (const id of ids) {
    if (random() < 0.7) have.push(current(id));
    if (random() < 0.15) have.push(current(id, {id: `entry-${id}-twice`, attributes: {'attr-url': 'https://other'}}));
    if (random() < 0.1) have.push(current(undefined, {id: `hand-${id}`}));
  }
  for (let i = have.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [have[i], have[j]] = [have[j]!, have[i]!];
  }
  return {want, have};
}

function input(want: DesiredEntry[], have: CatalogEntry[]): PlanInput {
  return {
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: want,
    current: have,
  };
}

function interleaved(want: DesiredEntry[], have: CatalogEntry[], random: () => number): ReturnType<typeof computePlan> {
  const builder = startPlan(input(want, have));
  let d = 0;
  let c = 0;
  while (d < want.length || c < have.length) {
    const size = 1 + Math.floor(random() * 6);
    if ((random() < 0.5 && d < want.length) || c >= have.length) {
      builder.addDesired(want.slice(d, d + size));
      d += size;
    } else {
      builder.addCurrent(have.slice(c, c + size));
      c += size;
    }
  }
  return builder.finish();
}

describe('a plan built page by page from random catalogs', () => {
  it('is the same plan whatever the order of the pages, and duplicates never cause a delete or a cleared value', () => {
    const random = generator(4);
    for (let n = 0; n < 500; n += 1) {
      const seed = Math.floor(random() * 2 ** 31);
      const {want, have} = sides(generator(seed));
      const expected = computePlan(input(want, have));
      expect(interleaved(want, have, generator(seed + 1)), `seed ${seed}`).toEqual(expected);

      const wanted = new Set(want.map((w) => w.externalId));
      const firstListed = new Map<string, string>();
      for (const entry of have)
        if (entry.externalId !== undefined && !firstListed.has(entry.externalId))
          firstListed.set(entry.externalId, entry.id);
      for (const action of expected.actions) {
        if (action.action === 'delete') {
          expect(wanted.has(action.externalId), `seed ${seed}`).toBe(false);
          expect(action.entryId).toBe(firstListed.get(action.externalId));
        }
        if (action.action === 'update') {
          expect(action.entryId).toBe(firstListed.get(action.externalId));
          const source = want.find((w) => w.externalId === action.externalId)!;
          expect(action.after.attributes, `seed ${seed}`).toEqual(source.attributes);
        }
        if (action.action === 'create') expect(firstListed.has(action.externalId)).toBe(false);
      }
      const planned = expected.actions.filter((a) => a.action !== 'delete').length + expected.unchanged;
      expect(planned).toBe(want.length);
    }
  });
});
