// The interfaces the adapters implement: the core and the apply step talk only to these.
// Nothing here knows about HTTP; an in-memory implementation is as good as a real one.
import type {
  CatalogAttribute,
  CatalogEntry,
  CatalogTypeSchema,
  DeclaredType,
  EntryWrite,
  SourceEntity,
} from './model.js';

export interface EntitySource {
  /** Every entity of the blueprint; `query` (Port search rules) narrows it at the source. */
  listEntities(blueprint: string, query?: unknown): Promise<SourceEntity[]>;
  /**
   * The same entities a page at a time, each handed on as it arrives. With `include` (Port field
   * paths such as `title` or `properties.url`), each entity carries only those fields and its identifier.
   */
  entityPages(blueprint: string, options?: EntityPageOptions): AsyncIterable<SourceEntity[]>;
}

export interface EntityPageOptions {
  readonly query?: unknown;
  readonly include?: readonly string[];
}

export interface CatalogReader {
  /** Every catalog type, in one request. */
  listTypes(): Promise<CatalogTypeSchema[]>;
  /** Finds a type by its ID or its `type_name`. */
  findType(ref: string): Promise<CatalogTypeSchema>;
  listEntries(catalogTypeId: string): Promise<CatalogEntry[]>;
  /**
   * The live entries of one type whose ID, external ID or one of whose aliases is `identifier` (also
   * the name, when the type uses names as identifiers): one request, whatever the type's size.
   */
  findEntries(catalogTypeId: string, identifier: string): Promise<CatalogEntry[]>;
  /** Every entry of the type, a page at a time (a plan compares each page and drops it). */
  entryPages(catalogTypeId: string): AsyncIterable<CatalogEntry[]>;
}

export interface EntryUpdate {
  readonly entryId: string;
  readonly entry: EntryWrite;
}

export interface CatalogWriter {
  createEntry(catalogTypeId: string, entry: EntryWrite): Promise<CatalogEntry>;
  updateEntry(entryId: string, entry: EntryWrite): Promise<CatalogEntry>;
  /** Up to BULK_UPDATE_LIMIT updates of one type in one atomic request: all are written, or none. */
  bulkUpdate(catalogTypeId: string, updates: readonly EntryUpdate[]): Promise<void>;
  deleteEntry(entryId: string): Promise<void>;
  /**
   * Sets these annotations on the type, merged at write time with those it has then (never
   * dropping one set by others), keeping everything else about the type.
   */
  annotateType(catalogTypeId: string, annotations: Readonly<Record<string, string>>): Promise<void>;
  /** Creates a declared type (without attributes); returns it as created. */
  createType(declared: DeclaredType, annotations: Readonly<Record<string, string>>): Promise<CatalogTypeSchema>;
  /** Sets a declared type's fields, and these annotations merged with the type's live ones. */
  updateType(
    catalogTypeId: string,
    declared: DeclaredType,
    annotations: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Replaces the whole attribute list; `version` must be the type's current schema version. */
  updateSchema(
    catalogTypeId: string,
    version: number,
    attributes: readonly CatalogAttribute[],
  ): Promise<CatalogTypeSchema>;
}

/**
 * Entries per bulk update: incident.io's current API takes 250; its older spec (and some accounts)
 * 100, which the writer falls back to when a batch of 250 is refused for its size.
 */
export const BULK_UPDATE_LIMIT = 250;
export const BULK_UPDATE_FALLBACK_LIMIT = 100;

export type CatalogTarget = CatalogReader & CatalogWriter;
