// applyPlan against the emulator: the writes a real apply sends, through the incident.io client.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {applyPlan} from '../../src/apply/apply-plan.js';
import {computePlan} from '../../src/core/planner.js';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const TYPE_ID = '01TYPEFLAGS000000000000000';
const ACTIVE = '01ATTRACTIVE00000000000000';
let emulator: EmulatorHandle;

function target(): IncidentCatalogTarget {
  return new IncidentCatalogTarget(
    {baseUrl: emulator.url, apiKey: 'key'},
    {retry: {maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20}},
  );
}

beforeEach(async () => {
  emulator = await startTestEmulator({
    incident: {
      apiKeys: ['key'],
      catalogTypes: [
        {
          id: TYPE_ID,
          name: 'Flags',
          type_name: 'Custom["Flags"]',
          schema: {version: 1, attributes: [{id: ACTIVE, name: 'active', type: 'Bool', array: false, mode: 'api'}]},
        },
      ],
      entries: Array.from({length: 750}, (_, i) => ({
        catalog_type_id: TYPE_ID,
        name: `Flag ${i}`,
        external_id: `f${i}`,
        attribute_values: {[ACTIVE]: {value: {literal: 'true'}}},
      })),
    },
  });
});
afterEach(() => emulator.close());

describe('bulk updates refused for one bad entry', () => {
  it('fall back to single updates under the one write limit, and report only the bad entries', async () => {
    const client = target();
    const schema = await client.findType(TYPE_ID);
    // One bad entry in each batch of 250: all three bulk updates are refused.
    const bad = new Set(['f7', 'f257', 'f507']);
    const plan = computePlan({
      sync: 'flags',
      blueprint: 'flag',
      schema,
      ownedAttributeIds: [ACTIVE],
      current: await client.listEntries(TYPE_ID),
      desired: Array.from({length: 750}, (_, i) => ({
        sourceId: `f${i}`,
        externalId: `f${i}`,
        name: `Flag ${i}`,
        attributes: {[ACTIVE]: bad.has(`f${i}`) ? 'maybe' : 'false'},
      })),
    });
    expect(plan.actions).toHaveLength(750);
    await emulator.control('PUT', '/faults', {latencyMs: 20});
    await emulator.clearRequests();

    const report = await applyPlan([plan], client, {concurrency: 3});

    expect(report.updated).toBe(747);
    expect(report.failures.map((f) => f.action.externalId).sort()).toEqual(['f257', 'f507', 'f7']);
    expect(report.failures[0]?.error.message).toContain('is not a boolean');
    const writes = await emulator.writes();
    expect(writes.filter((w) => w.path.endsWith('bulk_update')).map((w) => w.status)).toEqual([422, 422, 422]);
    expect(writes.filter((w) => w.method === 'PUT')).toHaveLength(750);
    expect(await emulator.maxWritesInFlight()).toBe(3);
    const entries = await emulator.entries(TYPE_ID);
    expect(
      entries
        .filter((e) => e.attribute_values[ACTIVE]?.value?.literal === 'true')
        .map((e) => e.external_id)
        .sort(),
    ).toEqual(['f257', 'f507', 'f7']);
  });
});
