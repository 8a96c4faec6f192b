// incident.io's catalog as the emulator keeps it: types, and entries indexed by ID, by type (in
// creation order, for cursor paging) and by external ID (for upserts). Deletes archive.
import {entryFromSeed, type CatalogEntry, type CatalogType, type IncidentState} from './state.js';

interface TypeIndex {
  readonly order: CatalogEntry[];
  readonly position: Map<string, number>;
  readonly byExternalId: Map<string, CatalogEntry>;
  live: number;
}

export const MAX_ENTRIES_PER_TYPE = 50_000;

export class IncidentStore {
  readonly apiKeys: Set<string>;
  readonly types: CatalogType[];
  readonly bulkUpdateLimit: number;
  private readonly byId = new Map<string, CatalogEntry>();
  private readonly byType = new Map<string, TypeIndex>();

  constructor(state: IncidentState) {
    this.apiKeys = new Set(state.apiKeys);
    this.types = state.catalogTypes;
    this.bulkUpdateLimit = state.bulkUpdateLimit;
    for (const entry of state.entries) this.insert(entry);
  }

  private index(typeId: string): TypeIndex {
    let index = this.byType.get(typeId);
    if (index === undefined) {
      index = {order: [], position: new Map(), byExternalId: new Map(), live: 0};
      this.byType.set(typeId, index);
    }
    return index;
  }

  type(id: string): CatalogType | undefined {
    return this.types.find((t) => t.id === id);
  }

  entry(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  liveCount(typeId: string): number {
    return this.byType.get(typeId)?.live ?? 0;
  }

  byExternalId(typeId: string, externalId: string): CatalogEntry | undefined {
    return this.byType.get(typeId)?.byExternalId.get(externalId);
  }

  insert(entry: CatalogEntry): CatalogEntry {
    const index = this.index(entry.catalog_type_id);
    this.byId.set(entry.id, entry);
    index.position.set(entry.id, index.order.length);
    index.order.push(entry);
    if (entry.external_id !== undefined) index.byExternalId.set(entry.external_id, entry);
    if (entry.archived_at === undefined) index.live += 1;
    return entry;
  }

  setExternalId(entry: CatalogEntry, externalId: string | undefined): void {
    const index = this.index(entry.catalog_type_id);
    if (entry.external_id !== undefined && index.byExternalId.get(entry.external_id) === entry)
      index.byExternalId.delete(entry.external_id);
    if (externalId === undefined) delete entry.external_id;
    else {
      entry.external_id = externalId;
      index.byExternalId.set(externalId, entry);
    }
  }

  archive(entry: CatalogEntry, at: string): void {
    if (entry.archived_at !== undefined) return;
    entry.archived_at = at;
    this.index(entry.catalog_type_id).live -= 1;
  }

  restore(entry: CatalogEntry): void {
    if (entry.archived_at === undefined) return;
    delete entry.archived_at;
    this.index(entry.catalog_type_id).live += 1;
  }

  /** Live entries after the cursor `after` (an entry ID), up to `size`; `next` when more remain. */
  page(typeId: string, after: string | undefined, size: number): {entries: CatalogEntry[]; next?: string} {
    const index = this.byType.get(typeId);
    if (index === undefined) return {entries: []};
    let i = after === undefined ? 0 : (index.position.get(after) ?? -1) + 1;
    if (after !== undefined && !index.position.has(after)) return {entries: []};
    const entries: CatalogEntry[] = [];
    for (; i < index.order.length && entries.length < size; i += 1) {
      const entry = index.order[i]!;
      if (entry.archived_at === undefined) entries.push(entry);
    }
    let j = i;
    while (j < index.order.length && index.order[j]!.archived_at !== undefined) j += 1;
    return j < index.order.length && entries.length > 0 ? {entries, next: entries.at(-1)!.id} : {entries};
  }

  liveEntries(typeId?: string): CatalogEntry[] {
    const lists =
      typeId === undefined ? [...this.byType.values()] : [this.byType.get(typeId)].filter((x) => x !== undefined);
    return lists.flatMap((index) => index.order.filter((e) => e.archived_at === undefined));
  }

  allEntries(): CatalogEntry[] {
    return [...this.byType.values()].flatMap((index) => index.order);
  }

  seedEntry(raw: Partial<CatalogEntry>): CatalogEntry {
    return this.insert(entryFromSeed(raw));
  }
}
