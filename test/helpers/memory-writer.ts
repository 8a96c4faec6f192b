// An in-memory CatalogWriter that records calls and can refuse chosen entries, like
// external-dns's in-memory provider: for apply's ordering, batching and concurrency rules.
import {ApiError} from '../../src/core/errors.js';
import type {
  CatalogAttribute,
  CatalogEntry,
  CatalogTypeSchema,
  DeclaredType,
  EntryWrite,
} from '../../src/core/model.js';
import type {CatalogWriter, EntryUpdate} from '../../src/core/ports.js';

export class MemoryWriter implements CatalogWriter {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Entry IDs or external IDs whose writes are refused with a 422. */
  readonly refuse = new Set<string>();

  private async track<T>(call: string, work: () => T): Promise<T> {
    this.calls.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    return work();
  }

  private check(...ids: string[]): void {
    const bad = ids.find((id) => this.refuse.has(id));
    if (bad !== undefined)
      throw new ApiError('incident.io', 'POST', '/v3/x', 422, [`[invalid_value] ${bad} is refused`], 'req-1');
  }

  createEntry(_type: string, entry: EntryWrite): Promise<CatalogEntry> {
    return this.track(`create ${entry.externalId}`, () => {
      this.check(entry.externalId);
      return written(`id-${entry.externalId}`, entry);
    });
  }

  updateEntry(entryId: string, entry: EntryWrite): Promise<CatalogEntry> {
    return this.track(`update ${entryId}`, () => {
      this.check(entryId);
      return written(entryId, entry);
    });
  }

  bulkUpdate(_type: string, updates: readonly EntryUpdate[]): Promise<void> {
    return this.track(`bulk ${updates.length}`, () => this.check(...updates.map((u) => u.entryId)));
  }

  annotateType(typeId: string, annotations: Readonly<Record<string, string>>): Promise<void> {
    return this.track(`annotate ${typeId} ${JSON.stringify(annotations)}`, () => this.check(typeId));
  }

  createType(declared: DeclaredType, annotations: Readonly<Record<string, string>>): Promise<CatalogTypeSchema> {
    return this.track(`create type ${declared.typeName}`, () => ({
      id: `type-${declared.name}`,
      name: declared.name,
      typeName: declared.typeName,
      version: 1,
      attributes: [],
      annotations,
    }));
  }

  updateType(typeId: string, declared: DeclaredType): Promise<void> {
    return this.track(`update type ${typeId} ${declared.name}`, () => undefined);
  }

  updateSchema(typeId: string, version: number, attributes: readonly CatalogAttribute[]): Promise<CatalogTypeSchema> {
    return this.track(`update schema ${typeId} v${version} ${attributes.map((a) => a.name).join(',')}`, () => ({
      id: typeId,
      name: typeId,
      typeName: typeId,
      version: version + 1,
      attributes,
      annotations: {},
    }));
  }

  deleteEntry(entryId: string): Promise<void> {
    return this.track(`delete ${entryId}`, () => this.check(entryId));
  }
}

/** The entry a write leaves, as the API answers it. */
function written(id: string, entry: EntryWrite): CatalogEntry {
  return {
    id,
    name: entry.name,
    externalId: entry.externalId,
    aliases: [],
    rank: 0,
    attributes: entry.attributes,
    updatedAt: '',
  };
}
