// The bulk update's one-by-one fallback, under concurrency, over HTTP: when several bulk updates
// are refused at once, their fallbacks share the apply's one limit of writes in flight.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {applyPlan} from '../../src/apply/apply-plan.js';
import type {CatalogWriter} from '../../src/core/ports.js';
import {computePlan} from '../../src/core/planner.js';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const TYPE = '01J5RBCOUNT000000000000000';
const COUNT = '01J5RBA0COUNT0000000000000';
let emulator: EmulatorHandle;

/** Counts the writes in flight through any CatalogWriter. */
function counting(writer: CatalogWriter): {writer: CatalogWriter; max: () => number} {
  let inFlight = 0;
  let max = 0;
  const wrapped = new Proxy(writer, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        inFlight += 1;
        max = Math.max(max, inFlight);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          inFlight -= 1;
        }
      };
    },
  });
  return {writer: wrapped, max: () => max};
}

beforeEach(async () => {
  emulator = await startTestEmulator({
    incident: {
      apiKeys: ['key'],
      catalogTypes: [
        {
          id: TYPE,
          name: 'Counters',
          type_name: 'Custom["Counters"]',
          schema: {version: 1, attributes: [{id: COUNT, name: 'count', type: 'Number'}]},
        },
      ],
      entries: Array.from({length: 750}, (_, i) => ({
        catalog_type_id: TYPE,
        name: `E${i}`,
        external_id: `e${i}`,
        attribute_values: {[COUNT]: {value: {literal: '1'}}},
      })),
    },
  });
  await emulator.control('PUT', '/faults', {latencyMs: 5});
});
afterEach(() => emulator.close());

describe('the bulk update fallback', () => {
  it("keeps to the apply's parallelism while several refused batches are retried one by one", async () => {
    const target = new IncidentCatalogTarget(
      {baseUrl: emulator.url, apiKey: 'key'},
      {retry: {maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1}},
    );
    const schema = await target.findType(TYPE);
    const current = await target.listEntries(TYPE);
    // One entry in each batch of 250 gets a value a Number attribute refuses: all three bulk updates fail at once.
    const bad = new Set(['e7', 'e257', 'e507']);
    const desired = current.map((e) => ({
      sourceId: e.externalId!,
      externalId: e.externalId!,
      name: e.name,
      attributes: {[COUNT]: bad.has(e.externalId!) ? 'many' : '2'},
    }));
    const plan = computePlan({
      sync: 'counters',
      blueprint: 'counter',
      schema,
      ownedAttributeIds: [COUNT],
      desired,
      current,
    });
    expect(plan.actions).toHaveLength(750);

    const {writer, max} = counting(target);
    const report = await applyPlan([plan], writer, {concurrency: 3});
    expect(report.updated).toBe(747);
    expect(report.failures.map((f) => f.action.externalId).sort()).toEqual(['e257', 'e507', 'e7']);
    expect(report.failures[0]?.error.message).toContain('"many" is not a number');
    const bulk = (await emulator.requests()).filter((r) => r.path === '/v3/catalog_entries/actions/bulk_update');
    expect(bulk.map((r) => r.status)).toEqual([422, 422, 422]);
    expect(max()).toBeGreaterThan(1);
    expect(max()).toBeLessThanOrEqual(3);
  });
});
