// Review of issue 12: the emulator's identifier filter on entry lists honours page_size like any
// list, so a client that reads only the first page of a lookup is caught.
import {afterEach, expect, it} from 'vitest';
import {DEMO_TYPE_ID, demoSeed, startTestEmulator, type EmulatorHandle, type Entry} from '../helpers/emulator.js';

/** A page of GET /v3/catalog_entries, as incident.io answers it. */
interface EntryPage {
  catalog_entries: Entry[];
  pagination_meta: {after?: string; page_size: number};
}

let emulator: EmulatorHandle;
afterEach(() => emulator.close());

it('answers an identifier lookup matching 300 entries in pages of at most page_size, with a cursor', async () => {
  const seed = demoSeed();
  for (let i = 0; i < 300; i += 1) {
    seed.incident.entries.push({
      catalog_type_id: DEMO_TYPE_ID,
      name: `Shared ${i}`,
      external_id: `shared-${i}`,
      aliases: ['shared'],
      rank: 0,
      attribute_values: {},
    });
  }
  emulator = await startTestEmulator(seed);
  const query = `catalog_type_id=${DEMO_TYPE_ID}&identifier=shared&page_size=250`;
  const first = (await emulator.incident<EntryPage>('GET', `/v3/catalog_entries?${query}`)).body;
  expect(first.catalog_entries.length).toBeLessThanOrEqual(250);
  expect(first.pagination_meta.after).toEqual(expect.any(String));
  const after = `&after=${first.pagination_meta.after ?? ''}`;
  const second = (await emulator.incident<EntryPage>('GET', `/v3/catalog_entries?${query}${after}`)).body;
  const ids = new Set([...first.catalog_entries, ...second.catalog_entries].map((e) => e.id));
  expect(ids.size).toBe(300);
});
