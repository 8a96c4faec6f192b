// Review 8b: create type after a lost answer must not take over a type with the same type_name
// that is not ours. (Expected to hold.)
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
let emulator: EmulatorHandle;
beforeEach(async () => (emulator = await startTestEmulator(demoSeed())));
afterEach(() => emulator.close());

const declared = {
  name: 'Teams', description: 'd', typeName: 'Custom["Teams"]', categories: [], ranked: false, attributes: [],
} as any;
const ours = {'reconcile.sync-id': 'teams', 'reconcile.owned-attributes': '[]'};

describe('create type recovery (review 8b)', () => {
  for (const kind of ['none', 'drop', '503']) {
    it(`a foreign type with the same type_name is not taken (${kind})`, async () => {
      const made = await fetch(`${emulator.url}/v3/catalog_types`, {method: 'POST', headers: KEY,
        body: JSON.stringify({name: 'Teams', description: 'by hand', type_name: 'Custom["Teams"]', annotations: {'x': 'y'}})});
      expect(made.status).toBe(201);
      if (kind !== 'none') await emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind});
      const target = new IncidentCatalogTarget({baseUrl: emulator.url, apiKey: 'demo-incident-api-key'},
        {retry: {maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2}});
      await expect(target.createType(declared, ours)).rejects.toThrow(/already exists/);
    });
  }
  it('a type of the same sync name made by another config IS taken (same annotations)', async () => {
    const made = await fetch(`${emulator.url}/v3/catalog_types`, {method: 'POST', headers: KEY,
      body: JSON.stringify({name: 'Teams', description: 'by hand', type_name: 'Custom["Teams"]', annotations: ours})});
    expect(made.status).toBe(201);
    const target = new IncidentCatalogTarget({baseUrl: emulator.url, apiKey: 'demo-incident-api-key'});
    // A plain 422 (no lost answer at all) is treated as "the write took effect".
    await expect(target.createType(declared, ours)).resolves.toMatchObject({typeName: 'Custom["Teams"]'});
  });
});
