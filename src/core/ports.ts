// The interfaces the adapters implement: the core and the apply step talk only to these.
// Nothing here knows about HTTP; an in-memory implementation is as good as a real one.
import type {CatalogEntry, CatalogTypeSchema, EntryWrite, SourceEntity} from './model.js';

export interface EntitySource {
  listEntities(blueprint: string): Promise<SourceEntity[]>;
}

export interface CatalogReader {
  /** Finds a type by its ID or its `type_name`. */
  findType(ref: string): Promise<CatalogTypeSchema>;
  listEntries(catalogTypeId: string): Promise<CatalogEntry[]>;
}

export interface CatalogWriter {
  createEntry(catalogTypeId: string, entry: EntryWrite): Promise<CatalogEntry>;
  updateEntry(entryId: string, entry: EntryWrite): Promise<CatalogEntry>;
  deleteEntry(entryId: string): Promise<void>;
}

export type CatalogTarget = CatalogReader & CatalogWriter;
