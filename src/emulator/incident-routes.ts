// incident.io's catalog API, v3 (what reconcile uses) and the v2 routes Port's guide uses:
// bearer auth, cursor paging, validation with incident.io's error shape, upsert by external ID.
import {isRecord, type Context, type Router, sendJson, bearerToken} from './http-kit.js';
import {MAX_ENTRIES_PER_TYPE, type IncidentStore} from './incident-store.js';
import {entryOut, incidentError, jsonBody, typeOut, validationError, type Handler} from './incident-replies.js';
import {checkAttributeValues, type FieldError} from './incident-values.js';
import {newId, now, type CatalogEntry, type CatalogType} from './state.js';
import type {ReferenceResolver} from './incident-values.js';
import {typeRoutes} from './incident-type-routes.js';
import {derivedValues} from './incident-derived.js';

function authorized(ctx: Context, store: IncidentStore): boolean {
  const key = bearerToken(ctx.req);
  if (key !== undefined && store.apiKeys.has(key)) return true;
  incidentError(ctx.res, 401, [
    {
      code: 'authentication_error',
      message:
        key === undefined
          ? 'No API key provided: send Authorization: Bearer <key>'
          : 'The API key provided is not valid',
    },
  ]);
  return false;
}

function commonFields(body: Record<string, unknown>, errors: FieldError[], required: boolean): void {
  if (required || body['name'] !== undefined) {
    if (typeof body['name'] !== 'string' || body['name'].trim() === '')
      errors.push({code: 'is_required', message: 'name is required', field: 'name'});
  }
  if (body['external_id'] !== undefined && typeof body['external_id'] !== 'string')
    errors.push({code: 'invalid_value', message: 'external_id must be a string', field: 'external_id'});
  if (
    body['aliases'] !== undefined &&
    !(Array.isArray(body['aliases']) && body['aliases'].every((a) => typeof a === 'string'))
  ) {
    errors.push({code: 'invalid_value', message: 'aliases must be an array of strings', field: 'aliases'});
  }
  if (body['rank'] !== undefined && body['rank'] !== null && !Number.isInteger(body['rank']))
    errors.push({code: 'invalid_value', message: 'rank must be an integer', field: 'rank'});
}

function findType(ctx: Context, store: IncidentStore, id: unknown, field: string): CatalogType | undefined {
  const type = typeof id === 'string' ? store.type(id) : undefined;
  if (type === undefined)
    validationError(ctx.res, [
      {
        code: typeof id === 'string' ? 'not_found' : 'is_required',
        message: `catalog type "${typeof id === 'string' ? id : (JSON.stringify(id) ?? '')}" not found`,
        field,
      },
    ]);
  return type;
}

const listTypes: Handler = (ctx, store) =>
  sendJson(ctx.res, 200, {catalog_types: store.types.map((t) => typeOut(t, store.liveCount(t.id)))});

const showType: Handler = (ctx, store) => {
  const type = store.type(ctx.params['id'] ?? '');
  if (type === undefined) return incidentError(ctx.res, 404, [{code: 'not_found', message: 'catalog type not found'}]);
  sendJson(ctx.res, 200, {catalog_type: typeOut(type, store.liveCount(type.id))});
};

/** References are stored as entry IDs; their label is the referenced entry's name. */
function labels(store: IncidentStore): (literal: string) => string {
  return (literal) => store.entry(literal)?.name ?? literal;
}

/** An entry as the API shows it: references labelled, backlink and path values computed. */
function shown(store: IncidentStore): (entry: CatalogEntry) => Record<string, unknown> {
  return (entry) => entryOut(entry, labels(store), derivedValues(store, entry));
}

/** A reference literal may name the entry by ID, external ID or alias (or name, when the type allows it). */
function resolver(store: IncidentStore): ReferenceResolver {
  return (typeName, literal) => {
    const type = store.types.find((t) => t.type_name === typeName);
    if (type === undefined) return undefined;
    const byId = store.entry(literal);
    if (byId !== undefined && byId.catalog_type_id === type.id && byId.archived_at === undefined) return byId;
    const byExternal = store.byExternalId(type.id, literal);
    if (byExternal !== undefined && byExternal.archived_at === undefined) return byExternal;
    const byAlias = store.liveEntries(type.id).find((e) => e.aliases.includes(literal));
    if (byAlias !== undefined || type.use_name_as_identifier !== true) return byAlias;
    return store.liveEntries(type.id).find((e) => e.name === literal);
  };
}

const listEntries: Handler = (ctx, store) => {
  const typeId = ctx.query.get('catalog_type_id');
  const type = findType(ctx, store, typeId ?? undefined, 'catalog_type_id');
  if (type === undefined) return;
  const size = Number(ctx.query.get('page_size') ?? '25');
  if (!Number.isInteger(size) || size < 1 || size > 250) {
    return validationError(ctx.res, [
      {code: 'invalid_value', message: 'page_size must be between 1 and 250', field: 'page_size'},
    ]);
  }
  const identifier = ctx.query.get('identifier');
  if (identifier !== null) {
    const byName = type.use_name_as_identifier === true;
    const matches = store
      .liveEntries(type.id)
      .filter(
        (e) =>
          e.id === identifier ||
          e.external_id === identifier ||
          e.aliases.includes(identifier) ||
          (byName && e.name === identifier),
      );
    // Paged like any list: page_size entries at most, then a cursor (the last entry's ID) for the rest.
    const after = ctx.query.get('after');
    const start = after === null ? 0 : matches.findIndex((e) => e.id === after) + 1;
    if (after !== null && start === 0) {
      return validationError(ctx.res, [
        {code: 'invalid_value', message: 'after is not a cursor of this list', field: 'after'},
      ]);
    }
    const shownPage = matches.slice(start, start + size);
    const more = start + size < matches.length;
    return sendJson(ctx.res, 200, {
      catalog_entries: shownPage.map(shown(store)),
      catalog_type: typeOut(type, store.liveCount(type.id)),
      pagination_meta: {page_size: size, ...(more ? {after: shownPage[shownPage.length - 1]!.id} : {})},
    });
  }
  const page = store.page(type.id, ctx.query.get('after') ?? undefined, size);
  sendJson(ctx.res, 200, {
    catalog_entries: page.entries.map(shown(store)),
    catalog_type: typeOut(type, store.liveCount(type.id)),
    pagination_meta: {page_size: size, ...(page.next === undefined ? {} : {after: page.next})},
  });
};

const createEntry: Handler = async (ctx, store) => {
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  const type = findType(ctx, store, body['catalog_type_id'], 'catalog_type_id');
  if (type === undefined) return;
  const errors: FieldError[] = [];
  commonFields(body, errors, true);
  if (body['attribute_values'] === undefined)
    errors.push({code: 'is_required', message: 'attribute_values is required', field: 'attribute_values'});
  const {values, errors: valueErrors} = checkAttributeValues(
    type,
    body['attribute_values'] ?? {},
    undefined,
    resolver(store),
  );
  errors.push(...valueErrors);
  if (errors.length > 0) return validationError(ctx.res, errors);
  const externalId =
    typeof body['external_id'] === 'string' && body['external_id'] !== '' ? body['external_id'] : undefined;
  const existing = externalId === undefined ? undefined : store.byExternalId(type.id, externalId);
  const reviving = existing === undefined || existing.archived_at !== undefined;
  if (reviving && store.liveCount(type.id) >= MAX_ENTRIES_PER_TYPE) {
    return validationError(ctx.res, [
      {
        code: 'invalid_value',
        message: `catalog type ${type.id} already has ${MAX_ENTRIES_PER_TYPE} entries, the most a type can hold`,
        field: 'catalog_type_id',
      },
    ]);
  }
  const at = now();
  const fields = {
    name: body['name'] as string,
    aliases: (body['aliases'] as string[] | undefined) ?? [],
    rank: (body['rank'] as number | undefined) ?? 0,
    attribute_values: values,
    updated_at: at,
  };
  let entry: CatalogEntry;
  if (existing !== undefined) {
    // Upsert: the same external ID in the same type updates (and un-archives) the entry.
    Object.assign(existing, fields);
    store.restore(existing);
    entry = existing;
  } else {
    entry = store.insert({
      id: newId(),
      catalog_type_id: type.id,
      created_at: at,
      ...fields,
      ...(externalId === undefined ? {} : {external_id: externalId}),
    });
  }
  sendJson(ctx.res, 201, {catalog_entry: shown(store)(entry)});
};

function liveEntry(ctx: Context, store: IncidentStore): CatalogEntry | undefined {
  const entry = store.entry(ctx.params['id'] ?? '');
  if (entry === undefined || entry.archived_at !== undefined) {
    incidentError(ctx.res, 404, [{code: 'not_found', message: `catalog entry "${ctx.params['id'] ?? ''}" not found`}]);
    return undefined;
  }
  return entry;
}

const showEntry: Handler = (ctx, store) => {
  const entry = store.entry(ctx.params['id'] ?? '');
  if (entry === undefined)
    return incidentError(ctx.res, 404, [{code: 'not_found', message: 'catalog entry not found'}]);
  const type = store.type(entry.catalog_type_id);
  sendJson(ctx.res, 200, {
    catalog_entry: shown(store)(entry),
    ...(type === undefined ? {} : {catalog_type: typeOut(type, store.liveCount(type.id))}),
  });
};

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** Applies one update to an entry; the caller has validated it. */
function applyUpdate(
  store: IncidentStore,
  entry: CatalogEntry,
  body: Record<string, unknown>,
  values: CatalogEntry['attribute_values'],
  updateAttributes: string[] | undefined,
  rankDefault: number | undefined,
): void {
  if (typeof body['name'] === 'string') entry.name = body['name'];
  if (Array.isArray(body['aliases'])) entry.aliases = body['aliases'] as string[];
  if (typeof body['rank'] === 'number') entry.rank = body['rank'];
  else if (rankDefault !== undefined) entry.rank = rankDefault;
  if (typeof body['external_id'] === 'string' && body['external_id'] !== '')
    store.setExternalId(entry, body['external_id']);
  if (updateAttributes === undefined) entry.attribute_values = values;
  else {
    for (const id of updateAttributes) {
      const value = values[id];
      if (value === undefined) delete entry.attribute_values[id];
      else entry.attribute_values[id] = value;
    }
  }
  entry.updated_at = now();
}

function externalIdTaken(store: IncidentStore, entry: CatalogEntry, externalId: unknown): FieldError | undefined {
  if (typeof externalId !== 'string' || externalId === '') return undefined;
  const other = store.byExternalId(entry.catalog_type_id, externalId);
  return other !== undefined && other !== entry
    ? {code: 'invalid_value', message: `external_id "${externalId}" is used by entry ${other.id}`, field: 'external_id'}
    : undefined;
}

const updateEntry: Handler = async (ctx, store) => {
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  const entry = liveEntry(ctx, store);
  if (entry === undefined) return;
  const type = store.type(entry.catalog_type_id)!;
  const errors: FieldError[] = [];
  commonFields(body, errors, true);
  const updateAttributes = body['update_attributes'] === undefined ? undefined : stringList(body['update_attributes']);
  if (body['update_attributes'] !== undefined && updateAttributes === undefined)
    errors.push({
      code: 'invalid_value',
      message: 'update_attributes must be an array of attribute IDs',
      field: 'update_attributes',
    });
  if (body['attribute_values'] === undefined)
    errors.push({code: 'is_required', message: 'attribute_values is required', field: 'attribute_values'});
  const {values, errors: valueErrors} = checkAttributeValues(
    type,
    body['attribute_values'] ?? {},
    updateAttributes,
    resolver(store),
  );
  errors.push(...valueErrors);
  const taken = externalIdTaken(store, entry, body['external_id']);
  if (taken !== undefined) errors.push(taken);
  if (errors.length > 0) return validationError(ctx.res, errors);
  applyUpdate(store, entry, body, values, updateAttributes, undefined);
  sendJson(ctx.res, 200, {catalog_entry: shown(store)(entry), catalog_type: typeOut(type, store.liveCount(type.id))});
};

const bulkUpdate: Handler = async (ctx, store) => {
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  const type = findType(ctx, store, body['catalog_type_id'], 'catalog_type_id');
  if (type === undefined) return;
  const items = body['entries'];
  // Too many (or none) is refused on the list itself (field `entries`), an entry's fault on `entries[i].…`.
  const max = store.bulkUpdateLimit;
  if (!Array.isArray(items) || items.length < 1 || items.length > max) {
    const message = `entries must hold 1 to ${max} entries${Array.isArray(items) ? `, got ${items.length}` : ''}`;
    return validationError(ctx.res, [{code: 'invalid_value', message, field: 'entries'}]);
  }
  const updateAttributes = body['update_attributes'] === undefined ? undefined : stringList(body['update_attributes']);
  const errors: FieldError[] = [];
  const planned: Array<{entry: CatalogEntry; item: Record<string, unknown>; values: CatalogEntry['attribute_values']}> =
    [];
  items.forEach((item: unknown, i) => {
    const at = (e: FieldError): FieldError => ({...e, field: `entries[${i}].${e.field}`});
    if (!isRecord(item))
      return errors.push({code: 'invalid_value', message: 'must be an object', field: `entries[${i}]`});
    const entry = typeof item['entry_id'] === 'string' ? store.entry(item['entry_id']) : undefined;
    if (entry === undefined || entry.archived_at !== undefined || entry.catalog_type_id !== type.id) {
      return errors.push({
        code: 'not_found',
        message: `entry "${String(item['entry_id'])}" not found in catalog type ${type.id}`,
        field: `entries[${i}].entry_id`,
      });
    }
    const local: FieldError[] = [];
    commonFields(item, local, false);
    const checked = checkAttributeValues(type, item['attribute_values'] ?? {}, updateAttributes, resolver(store));
    local.push(...checked.errors);
    const taken = externalIdTaken(store, entry, item['external_id']);
    if (taken !== undefined) local.push(taken);
    errors.push(...local.map(at));
    planned.push({entry, item, values: checked.values});
    return undefined;
  });
  if (errors.length > 0) return validationError(ctx.res, errors); // atomic: nothing was changed
  // An omitted rank is set to null (stored as 0), as incident.io documents.
  for (const {entry, item, values} of planned) applyUpdate(store, entry, item, values, updateAttributes, 0);
  sendJson(ctx.res, 204, undefined);
};

const deleteEntry: Handler = (ctx, store) => {
  const entry = liveEntry(ctx, store);
  if (entry === undefined) return;
  store.archive(entry, now());
  sendJson(ctx.res, 204, undefined);
};

export function incidentRoutes(router: Router, store: () => IncidentStore): void {
  const guard = (handler: Handler) => async (ctx: Context) => {
    const s = store();
    if (authorized(ctx, s)) await handler(ctx, s);
  };
  typeRoutes(router, guard);
  for (const v of ['v2', 'v3']) {
    router
      .on('GET', `/${v}/catalog_types`, guard(listTypes))

      .on('GET', `/${v}/catalog_types/{id}`, guard(showType))

      .on('GET', `/${v}/catalog_entries`, guard(listEntries))
      .on('POST', `/${v}/catalog_entries`, guard(createEntry))
      .on('GET', `/${v}/catalog_entries/{id}`, guard(showEntry))
      .on('PUT', `/${v}/catalog_entries/{id}`, guard(updateEntry))
      .on('DELETE', `/${v}/catalog_entries/{id}`, guard(deleteEntry));
  }
  router.on('POST', '/v3/catalog_entries/actions/bulk_update', guard(bulkUpdate));
}
