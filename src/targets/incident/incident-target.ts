// CatalogTarget backed by incident.io's v3 catalog API: reads types and every page of entries,
// writes entries. Converts between the API's shapes and the core model, and nothing more.
import {ApiError, BulkSizeError, PaginationLoopError, TypeClaimedError} from '../../core/errors.js';
import type {
  AttributeValue,
  CatalogAttribute,
  CatalogEntry,
  CatalogTypeSchema,
  DeclaredType,
  EntryWrite,
} from '../../core/model.js';
import {OWNER_ANNOTATION} from '../../core/policies.js';
import {BULK_UPDATE_FALLBACK_LIMIT, type CatalogTarget, type EntryUpdate} from '../../core/ports.js';
import {typeIn} from '../../core/type-lookup.js';
import {createHttpClient, type HttpClient, type HttpSettings} from '../../http/http-client.js';
import {describeIncidentError} from './incident-errors.js';
import type {ApiAttribute, ApiCatalogType, ApiEntry, ApiEntryPayload, ApiListEntries} from './incident-types.js';

export interface IncidentSettings {
  readonly baseUrl: string;
  readonly apiKey: string;
}

const PAGE_SIZE = 250;

export function toSchema(type: ApiCatalogType): CatalogTypeSchema {
  return {
    id: type.id,
    name: type.name,
    typeName: type.type_name,
    version: type.schema?.version ?? 0,
    annotations: type.annotations ?? {},
    ...(type.description === undefined ? {} : {description: type.description}),
    ...(type.categories === undefined ? {} : {categories: type.categories}),
    ...(type.ranked === undefined ? {} : {ranked: type.ranked}),
    ...(type.color === undefined ? {} : {color: type.color}),
    ...(type.icon === undefined ? {} : {icon: type.icon}),
    ...(type.source_repo_url === undefined || type.source_repo_url === '' ? {} : {sourceRepoUrl: type.source_repo_url}),
    ...(typeof type.estimated_count === 'number' ? {estimatedCount: type.estimated_count} : {}),
    ...(type.use_name_as_identifier === true ? {useNameAsIdentifier: true} : {}),
    attributes: (type.schema?.attributes ?? []).map(toAttribute),
  };
}

function toAttribute(raw: ApiAttribute): CatalogAttribute {
  const {id, name, type, array, mode, ...extra} = raw;
  return {id, name, type, array: array === true, mode: mode ?? '', ...(Object.keys(extra).length === 0 ? {} : {extra})};
}

/** An attribute as update_schema takes it: the fields we manage, and every other one as it was read. */
export function toAttributePayload(attribute: CatalogAttribute): Record<string, unknown> {
  const {id, name, type, array, mode} = attribute;
  return {...attribute.extra, id, name, type, array, ...(mode === '' ? {} : {mode})};
}

export function toEntry(entry: ApiEntry): CatalogEntry {
  const attributes: Record<string, AttributeValue> = {};
  for (const [id, binding] of Object.entries(entry.attribute_values ?? {})) {
    if (Array.isArray(binding.array_value)) {
      attributes[id] = binding.array_value.flatMap((v) => (typeof v.literal === 'string' ? [v.literal] : []));
    } else if (typeof binding.value?.literal === 'string') {
      attributes[id] = binding.value.literal;
    }
  }
  return {
    id: entry.id,
    name: entry.name,
    aliases: entry.aliases ?? [],
    rank: entry.rank ?? 0,
    attributes,
    updatedAt: entry.updated_at,
    ...(entry.external_id === undefined || entry.external_id === '' ? {} : {externalId: entry.external_id}),
  };
}

export function toPayload(entry: EntryWrite): ApiEntryPayload {
  const values: ApiEntryPayload['attribute_values'] = {};
  for (const id of entry.ownedAttributeIds) {
    const value = entry.attributes[id];
    if (value === undefined) continue; // listed in update_attributes, so absent means cleared
    values[id] =
      typeof value === 'string' ? {value: {literal: value}} : {array_value: value.map((literal) => ({literal}))};
  }
  return {
    name: entry.name,
    external_id: entry.externalId,
    aliases: [...entry.aliases],
    rank: entry.rank,
    attribute_values: values,
  };
}

function typeFields(declared: DeclaredType): Record<string, unknown> {
  return {
    name: declared.name,
    description: declared.description,
    categories: [...declared.categories],
    ranked: declared.ranked,
    ...(declared.color === undefined ? {} : {color: declared.color}),
    ...(declared.icon === undefined ? {} : {icon: declared.icon}),
    ...(declared.sourceRepoUrl === undefined ? {} : {source_repo_url: declared.sourceRepoUrl}),
  };
}

/** The same attributes, as far as reconcile sets them: IDs, names, types and arrays (in any order). */
function sameAttributes(live: readonly CatalogAttribute[], sent: readonly CatalogAttribute[]): boolean {
  const byId = new Map(live.map((a) => [a.id, a]));
  return (
    live.length === sent.length &&
    sent.every((a) => {
      const now = byId.get(a.id);
      return now !== undefined && now.name === a.name && now.type === a.type && now.array === a.array;
    })
  );
}

/** Fields of a type that a PUT would reset when left out and that the config does not set. */
function unmanagedTypeFields(type: ApiCatalogType): Record<string, unknown> {
  return {
    ...(type.source_repo_url === undefined ? {} : {source_repo_url: type.source_repo_url}),
    ...(type.use_name_as_identifier === undefined ? {} : {use_name_as_identifier: type.use_name_as_identifier}),
  };
}

/**
 * The plan's ownership check saw the type before; another sync may have claimed it since. Its mark
 * is never overwritten: the write is refused (apply reports it and writes none of the sync's entries).
 */
function refuseIfClaimed(type: ApiCatalogType, annotations: Readonly<Record<string, string>>): void {
  const owner = type.annotations?.[OWNER_ANNOTATION];
  const ours = annotations[OWNER_ANNOTATION];
  if (owner === undefined || owner === '' || ours === undefined || owner === ours) return;
  throw new TypeClaimedError(
    `catalog type "${type.name}" now belongs to sync "${owner}" (annotation ${OWNER_ANNOTATION}, set after the plan ` +
      `was made); it was left as it is. One type has one sync: point sync "${ours}" at its own catalog type.`,
  );
}

export class IncidentCatalogTarget implements CatalogTarget {
  private readonly http: HttpClient;

  constructor(settings: IncidentSettings, http: HttpSettings = {}) {
    http.redactor?.add(settings.apiKey);
    this.http = createHttpClient({
      ...http,
      api: 'incident.io',
      baseUrl: settings.baseUrl,
      describeError: describeIncidentError,
    });
    this.auth = {authorization: `Bearer ${settings.apiKey}`};
  }

  private readonly auth: Record<string, string>;

  async listTypes(): Promise<CatalogTypeSchema[]> {
    const body = await this.http.request<{catalog_types?: ApiCatalogType[]}>('GET', '/v3/catalog_types', {
      headers: this.auth,
    });
    return (body?.catalog_types ?? []).map(toSchema);
  }

  async findType(ref: string): Promise<CatalogTypeSchema> {
    return typeIn(await this.listTypes(), ref);
  }

  async listEntries(catalogTypeId: string): Promise<CatalogEntry[]> {
    return this.readPages({catalog_type_id: catalogTypeId});
  }

  /** Every entry of the type, a page at a time: each page is handed on and not kept here. */
  entryPages(catalogTypeId: string): AsyncIterable<CatalogEntry[]> {
    return this.pages({catalog_type_id: catalogTypeId});
  }

  /** One lookup: incident.io answers with the entries whose ID, external ID or an alias is `identifier`. */
  async findEntries(catalogTypeId: string, identifier: string): Promise<CatalogEntry[]> {
    return this.readPages({catalog_type_id: catalogTypeId, identifier});
  }

  /** Every page of GET /v3/catalog_entries for these parameters; a repeated cursor is an error, not a loop. */
  private async readPages(params: Readonly<Record<string, string>>): Promise<CatalogEntry[]> {
    const entries: CatalogEntry[] = [];
    for await (const page of this.pages(params)) entries.push(...page);
    return entries;
  }

  private async *pages(params: Readonly<Record<string, string>>): AsyncGenerator<CatalogEntry[]> {
    const seen = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page = await this.http.request<ApiListEntries>('GET', '/v3/catalog_entries', {
        headers: this.auth,
        searchParams: {...params, page_size: PAGE_SIZE, ...(after === undefined ? {} : {after})},
      });
      if (!Array.isArray(page?.catalog_entries)) {
        const problem = ['the response has no catalog_entries list'];
        throw new ApiError('incident.io', 'GET', '/v3/catalog_entries', 200, problem, undefined);
      }
      const next = page.pagination_meta?.after;
      const last = next === undefined || next === '' || page.catalog_entries.length === 0;
      yield page.catalog_entries.map(toEntry);
      if (last) return;
      if (seen.has(next)) {
        const message = `returned cursor "${next}" twice; stopping instead of looping`;
        throw new PaginationLoopError(`incident.io: GET /v3/catalog_entries ${message}`);
      }
      seen.add(next);
      after = next;
    }
  }

  /** incident.io upserts by external ID, so a create whose response was lost is safe to send again. */
  async createEntry(catalogTypeId: string, entry: EntryWrite): Promise<CatalogEntry> {
    const body = await this.http.request<{catalog_entry: ApiEntry}>('POST', '/v3/catalog_entries', {
      headers: this.auth,
      json: {...toPayload(entry), catalog_type_id: catalogTypeId},
    });
    return toEntry(body.catalog_entry);
  }

  /** update_attributes names the attributes the sync owns, so values set by hand on others survive. */
  async updateEntry(entryId: string, entry: EntryWrite): Promise<CatalogEntry> {
    const body = await this.http.request<{catalog_entry: ApiEntry}>(
      'PUT',
      `/v3/catalog_entries/${encodeURIComponent(entryId)}`,
      {
        headers: this.auth,
        json: {...toPayload(entry), update_attributes: [...entry.ownedAttributeIds]},
      },
    );
    return toEntry(body.catalog_entry);
  }

  /**
   * One atomic request; `rank` is always sent because the endpoint sets an omitted rank to null. A
   * 422 naming the `entries` list itself (not one entry, `entries[3].name`) refuses the batch's size:
   * BulkSizeError, so apply sends smaller batches.
   */
  async bulkUpdate(catalogTypeId: string, updates: readonly EntryUpdate[]): Promise<void> {
    const owned = updates[0]?.entry.ownedAttributeIds ?? [];
    try {
      await this.http.request<undefined>('POST', '/v3/catalog_entries/actions/bulk_update', {
        headers: this.auth,
        json: {
          catalog_type_id: catalogTypeId,
          entries: updates.map(({entryId, entry}) => ({entry_id: entryId, ...toPayload(entry)})),
          update_attributes: [...owned],
        },
      });
    } catch (error) {
      const sizeRefused = error instanceof ApiError && error.status === 422 && error.fields.includes('entries');
      if (sizeRefused && updates.length > BULK_UPDATE_FALLBACK_LIMIT) throw new BulkSizeError(updates.length, error);
      throw error;
    }
  }

  /**
   * PUT replaces the type's fields and annotations, so the current ones are read first and sent
   * back unchanged, with ours merged in: an annotation someone set since the plan was made survives,
   * and a type another sync claimed since is refused.
   */
  async annotateType(catalogTypeId: string, annotations: Readonly<Record<string, string>>): Promise<void> {
    const path = `/v3/catalog_types/${encodeURIComponent(catalogTypeId)}`;
    const type = await this.readType(path);
    refuseIfClaimed(type, annotations);
    const keep = {
      name: type.name,
      description: type.description === undefined || type.description === '' ? type.name : type.description,
      ...(type.ranked === undefined ? {} : {ranked: type.ranked}),
      ...(type.categories === undefined ? {} : {categories: type.categories}),
      ...(type.color === undefined ? {} : {color: type.color}),
      ...(type.icon === undefined ? {} : {icon: type.icon}),
      ...unmanagedTypeFields(type),
    };
    const merged = {...type.annotations, ...annotations};
    await this.http.request<unknown>('PUT', path, {headers: this.auth, json: {...keep, annotations: merged}});
  }

  private async readType(path: string): Promise<ApiCatalogType> {
    return (await this.http.request<{catalog_type: ApiCatalogType}>('GET', path, {headers: this.auth})).catalog_type;
  }

  /**
   * Creating a type is not idempotent: when the answer is lost (or a 5xx hides a create that took
   * effect), the retry meets "already exists". The types are then read again, and a type with this
   * type_name carrying the annotations we sent is the one we made: it is used.
   */
  async createType(declared: DeclaredType, annotations: Readonly<Record<string, string>>): Promise<CatalogTypeSchema> {
    const json = {...typeFields(declared), type_name: declared.typeName, annotations: {...annotations}};
    try {
      const body = await this.http.request<{catalog_type: ApiCatalogType}>('POST', '/v3/catalog_types', {
        headers: this.auth,
        json,
      });
      return toSchema(body.catalog_type);
    } catch (error) {
      type Types = {catalog_types?: ApiCatalogType[]};
      const read = () => this.http.request<Types>('GET', '/v3/catalog_types', {headers: this.auth});
      const ours = (t: ApiCatalogType): boolean =>
        t.type_name === declared.typeName && Object.entries(annotations).every(([k, v]) => t.annotations?.[k] === v);
      const made = (await this.afterFailedWrite(error, read)).catalog_types?.find(ours);
      if (made === undefined) throw error;
      return toSchema(made);
    }
  }

  /** After a failed write: reads what it became, or rethrows the write's error when even that fails. */
  private async afterFailedWrite<T>(error: unknown, read: () => Promise<T>): Promise<T> {
    if (!(error instanceof ApiError)) throw error;
    try {
      return await read();
    } catch {
      throw error;
    }
  }

  /** The declared fields; the annotations merged with the type's as it is now (read first; another sync's: refused). */
  async updateType(
    catalogTypeId: string,
    declared: DeclaredType,
    annotations: Readonly<Record<string, string>>,
  ): Promise<void> {
    const path = `/v3/catalog_types/${encodeURIComponent(catalogTypeId)}`;
    const type = await this.readType(path);
    refuseIfClaimed(type, annotations);
    const merged = {...type.annotations, ...annotations};
    const json = {...unmanagedTypeFields(type), ...typeFields(declared), annotations: merged};
    await this.http.request<unknown>('PUT', path, {headers: this.auth, json});
  }

  /**
   * The full list (update_schema removes every attribute it is not sent), each with every field it
   * was read with. Not idempotent: a retry after a lost answer meets a moved version. The type is
   * then read again; a version past ours with the attributes as we sent them means it took effect.
   */
  async updateSchema(
    catalogTypeId: string,
    version: number,
    attributes: readonly CatalogAttribute[],
  ): Promise<CatalogTypeSchema> {
    const path = `/v3/catalog_types/${encodeURIComponent(catalogTypeId)}`;
    try {
      const body = await this.http.request<{catalog_type: ApiCatalogType}>('POST', `${path}/actions/update_schema`, {
        headers: this.auth,
        json: {version, attributes: attributes.map(toAttributePayload)},
      });
      return toSchema(body.catalog_type);
    } catch (error) {
      const now = toSchema(await this.afterFailedWrite(error, () => this.readType(path)));
      if (now.version > version && sameAttributes(now.attributes, attributes)) return now;
      throw error;
    }
  }

  /** A 404 means the entry is already gone (a retried delete, or someone else's): the goal is met. */
  async deleteEntry(entryId: string): Promise<void> {
    try {
      await this.http.request<undefined>('DELETE', `/v3/catalog_entries/${encodeURIComponent(entryId)}`, {
        headers: this.auth,
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
}
