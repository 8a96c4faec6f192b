// Reads the entries of one catalog type that some literals name: one lookup per literal, or the
// whole list when that takes fewer requests. Reads only; the caller decides what the entries mean.
import type {CatalogEntry, CatalogTypeSchema} from '../core/model.js';
import type {CatalogReader} from '../core/ports.js';
import {runPool} from '../apply/pool.js';

/** incident.io lists at most this many entries per page. */
const LIST_PAGE_SIZE = 250;
/** Lookups in flight at once; the client's rate limiter paces them further. */
const LOOKUPS_IN_FLIGHT = 8;

/** A type holds at most 50,000 entries: listing one never takes more pages than this. */
const MAX_PAGES = 50_000 / LIST_PAGE_SIZE;

/** True when listing the type takes fewer requests than looking up `lookups` literals one by one. */
export function listingIsCheaper(schema: CatalogTypeSchema, lookups: number): boolean {
  // estimated_count is optional in the API: without it, assume the largest type.
  const pages = schema.estimatedCount === undefined ? MAX_PAGES : Math.ceil(schema.estimatedCount / LIST_PAGE_SIZE);
  return lookups > Math.max(1, pages);
}

export interface NamedEntries {
  readonly entries: CatalogEntry[];
  /** True when the whole type was listed: a literal none of these entries has names no entry. */
  readonly complete: boolean;
}

/** The live entries of the type whose ID, external ID or an alias is one of `identifiers`, each once. */
export async function readEntriesNamed(
  reader: CatalogReader,
  schema: CatalogTypeSchema,
  identifiers: readonly string[],
): Promise<NamedEntries> {
  if (identifiers.length === 0) return {entries: [], complete: false};
  if (listingIsCheaper(schema, identifiers.length)) {
    return {entries: await reader.listEntries(schema.id), complete: true};
  }
  const found = new Map<string, CatalogEntry>();
  let failed = false;
  await runPool(
    identifiers,
    LOOKUPS_IN_FLIGHT,
    async (identifier) => {
      try {
        for (const entry of await reader.findEntries(schema.id, identifier)) found.set(entry.id, entry);
      } catch (error) {
        failed = true; // start no more lookups: the first failure is the answer
        throw error;
      }
    },
    () => failed,
  );
  // Lookups answer in completion order: sorted, the same entries come back in the same order every run.
  return {entries: [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), complete: false};
}
