import {describe, expect, it} from 'vitest';
import {newSyncName} from '../../../src/render/init-config.js';

/** The config schema's pattern for a sync's name. */
const SYNC_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

describe("init's name for a new sync", () => {
  it('is the blueprint and six random characters', () => {
    let i = 0;
    const draws = [0, 0.1, 0.5, 0.99, 0.3, 0.7];
    expect(newSyncName('service', () => draws[i++]!)).toBe('service-ads9jy');
  });

  it('never the same for one blueprint twice: two configs (repositories, folders, no remote yet) never share a type', () => {
    const names = new Set(Array.from({length: 10_000}, () => newSyncName('service')));
    expect(names.size).toBe(10_000);
  });

  it.each([
    ['service', /^service-[a-z2-9]{6}$/],
    ['svc+v2', /^svc-v2-[a-z2-9]{6}$/],
    ['_', /^sync-[a-z2-9]{6}$/],
    ['_acme', /^acme-[a-z2-9]{6}$/],
    ['a/b:c=d@e', /^a-b-c-d-e-[a-z2-9]{6}$/],
  ])('from the Port identifier %s: %s, a valid sync name', (blueprint, shape) => {
    const name = newSyncName(blueprint);
    expect(name).toMatch(shape);
    expect(name).toMatch(SYNC_NAME);
  });
});
