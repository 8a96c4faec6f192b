// Type writes through the incident.io client against the emulator: a create whose answer was lost
// never takes a type that is not ours, and a claim or type change never takes one another sync
// claimed between the plan and the write.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {applyPlan} from '../../src/apply/apply-plan.js';
import type {DeclaredType} from '../../src/core/model.js';
import {computePlan} from '../../src/core/planner.js';
import {checkOwnership} from '../../src/core/policies.js';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {DEMO_TYPE_ID, demoSeed, startTestEmulator, type CatalogType, type EmulatorHandle} from '../helpers/emulator.js';

const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
let emulator: EmulatorHandle;
beforeEach(async () => (emulator = await startTestEmulator(demoSeed())));
afterEach(() => emulator.close());

const declared: DeclaredType = {
  name: 'Teams',
  description: 'd',
  typeName: 'Custom["Teams"]',
  categories: [],
  ranked: false,
  attributes: [],
};
const ours = {'reconcile.sync-id': 'teams', 'reconcile.owned-attributes': '[]'};

function target(): IncidentCatalogTarget {
  return new IncidentCatalogTarget(
    {baseUrl: emulator.url, apiKey: 'demo-incident-api-key'},
    {retry: {maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2}},
  );
}

async function demoType(): Promise<CatalogType> {
  return (await emulator.incident<{catalog_type: CatalogType}>('GET', `/v3/catalog_types/${DEMO_TYPE_ID}`)).body
    .catalog_type;
}

/** Another sync (or a person) sets the demo type's annotations. */
async function annotateDemoType(annotations: Record<string, string>): Promise<void> {
  const type = await demoType();
  const res = await fetch(`${emulator.url}/v3/catalog_types/${DEMO_TYPE_ID}`, {
    method: 'PUT',
    headers: KEY,
    body: JSON.stringify({name: type.name, description: type.description, annotations}),
  });
  expect(res.status).toBe(200);
}

describe('create type after a lost answer (review 8b: holds)', () => {
  for (const kind of ['none', 'drop', '503']) {
    it(`does not take a foreign type with the same type_name (${kind})`, async () => {
      const made = await fetch(`${emulator.url}/v3/catalog_types`, {
        method: 'POST',
        headers: KEY,
        body: JSON.stringify({
          name: 'Teams',
          description: 'by hand',
          type_name: 'Custom["Teams"]',
          annotations: {x: 'y'},
        }),
      });
      expect(made.status).toBe(201);
      if (kind !== 'none') await emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind});
      await expect(target().createType(declared, ours)).rejects.toThrow(/already exists/);
    });
  }

  it('takes a type with this type_name carrying the annotations it sends (the create took effect)', async () => {
    const made = await fetch(`${emulator.url}/v3/catalog_types`, {
      method: 'POST',
      headers: KEY,
      body: JSON.stringify({name: 'Teams', description: 'by hand', type_name: 'Custom["Teams"]', annotations: ours}),
    });
    expect(made.status).toBe(201);
    // A plain 422 (no lost answer at all) is treated as "the write took effect".
    await expect(target().createType(declared, ours)).resolves.toMatchObject({typeName: 'Custom["Teams"]'});
  });
});

describe('a type another sync claimed between the plan and the write', () => {
  it('is not claimed: annotateType refuses, naming the owner, and sends no PUT', async () => {
    await annotateDemoType({'reconcile.sync-id': 'billing', 'example.com/team': 'sre'});
    await emulator.clearRequests();
    await expect(target().annotateType(DEMO_TYPE_ID, {'reconcile.sync-id': 'services'})).rejects.toThrow(
      'catalog type "Port Services" now belongs to sync "billing" (annotation reconcile.sync-id, set after the plan ' +
        'was made); it was left as it is.',
    );
    expect(await emulator.writes()).toEqual([]);
    expect((await demoType()).annotations['reconcile.sync-id']).toBe('billing');
  });

  it('is not changed: updateType refuses the same way', async () => {
    await annotateDemoType({'reconcile.sync-id': 'billing'});
    await emulator.clearRequests();
    const services = {...declared, name: 'Port Services', typeName: 'Custom["PortServices"]'};
    await expect(target().updateType(DEMO_TYPE_ID, services, {'reconcile.sync-id': 'services'})).rejects.toThrow(
      'now belongs to sync "billing"',
    );
    expect(await emulator.writes()).toEqual([]);
  });

  it('a type with no owner, an empty owner, or this sync as owner is written', async () => {
    for (const annotations of [{}, {'reconcile.sync-id': ''}, {'reconcile.sync-id': 'services'}]) {
      await annotateDemoType(annotations);
      await target().annotateType(DEMO_TYPE_ID, {'reconcile.sync-id': 'services'});
      expect((await demoType()).annotations['reconcile.sync-id']).toBe('services');
    }
  });

  it("apply writes none of the sync's entries and reports why", async () => {
    const client = target();
    const schema = await client.findType(DEMO_TYPE_ID);
    const planned = computePlan({
      sync: 'services',
      blueprint: 'service',
      schema,
      ownedAttributeIds: [],
      current: await client.listEntries(DEMO_TYPE_ID),
      desired: [{sourceId: 'x', externalId: 'x', name: 'X', attributes: {}}],
    });
    const plan = checkOwnership(planned, schema.annotations, false);
    expect(plan.claimType).toBeDefined();
    await annotateDemoType({'reconcile.sync-id': 'billing'});
    await emulator.clearRequests();
    const report = await applyPlan([plan], client);
    expect(report.claimFailures.map((f) => f.error.message)).toEqual([
      expect.stringContaining('now belongs to sync "billing"'),
    ]);
    expect(report).toMatchObject({created: 0, notStarted: 1});
    expect(await emulator.writes()).toEqual([]);
  });
});
