// incident.io's derived attributes, read-only: a backlink lists the entries pointing at this one, a
// path follows references to another entry's value. Computed on read, checked by update_schema, never stored.
import type {FieldError} from './incident-values.js';
import type {IncidentStore} from './incident-store.js';
import type {CatalogAttribute, CatalogEntry, CatalogType, StoredBinding} from './state.js';

const BUILT_IN = new Set(['String', 'Text', 'Number', 'Bool']);

function literals(binding: StoredBinding | undefined): string[] {
  if (binding === undefined) return [];
  return binding.array_value !== undefined
    ? binding.array_value.map((v) => v.literal)
    : binding.value === undefined
      ? []
      : [binding.value.literal];
}

function valueOf(store: IncidentStore, entry: CatalogEntry, attribute: CatalogAttribute, depth: number): string[] {
  if (depth > 5) return []; // paths through paths: deep enough for any real schema
  if (attribute.mode === 'backlink') {
    const from = store.types.find((t) => t.type_name === attribute.type);
    if (from === undefined || attribute.backlink_attribute === undefined) return [];
    const via = attribute.backlink_attribute;
    return store
      .liveEntries(from.id)
      .filter((e) => literals(e.attribute_values[via]).includes(entry.id))
      .map((e) => e.id);
  }
  if (attribute.mode === 'path') {
    let at: CatalogEntry[] = [entry];
    let values: string[] = [];
    for (const step of attribute.path ?? []) {
      values = at.flatMap((e) => {
        const next = store.type(e.catalog_type_id)?.schema.attributes.find((a) => a.id === step.attribute_id);
        return next === undefined ? [] : valueOf(store, e, next, depth + 1);
      });
      at = values.flatMap((id) => {
        const found = store.entry(id);
        return found === undefined || found.archived_at !== undefined ? [] : [found];
      });
    }
    return values;
  }
  return literals(entry.attribute_values[attribute.id]);
}

/** The entry's backlink and path values, computed from the catalog as it is now. */
export function derivedValues(store: IncidentStore, entry: CatalogEntry): Record<string, StoredBinding> {
  const out: Record<string, StoredBinding> = {};
  for (const attribute of store.type(entry.catalog_type_id)?.schema.attributes ?? []) {
    if (attribute.mode !== 'backlink' && attribute.mode !== 'path') continue;
    const values = valueOf(store, entry, attribute, 0);
    if (values.length === 0) continue; // no value is omitted, as for stored ones
    out[attribute.id] = attribute.array
      ? {array_value: values.map((literal) => ({literal}))}
      : {value: {literal: values[0]!}};
  }
  return out;
}

/**
 * What update_schema keeps of a derived attribute, or why it refuses it. Assumption (the docs are
 * silent): incident.io refuses a backlink without its backlink_attribute and a path without its
 * path rather than keep the old ones, so a client that drops them is caught.
 */
export function derivedDefinition(
  store: IncidentStore,
  type: CatalogType,
  attributes: readonly CatalogAttribute[],
  raw: Record<string, unknown>,
  mode: string,
  field: string,
): {backlink_attribute: string} | {path: Array<{attribute_id: string; attribute_name: string}>} | FieldError {
  if (mode === 'backlink') {
    const via = raw['backlink_attribute'];
    if (typeof via !== 'string' || via === '')
      return {
        code: 'is_required',
        message: 'a backlink attribute needs backlink_attribute',
        field: `${field}.backlink_attribute`,
      };
    const from =
      raw['type'] === type.type_name
        ? attributes
        : store.types.find((t) => t.type_name === raw['type'])?.schema.attributes;
    const target = from?.find((a) => a.id === via);
    if (target === undefined || target.type !== type.type_name) {
      return {
        code: 'invalid_value',
        message: `backlink_attribute "${via}" is no attribute of ${String(raw['type'])} referencing ${type.type_name}`,
        field: `${field}.backlink_attribute`,
      };
    }
    return {backlink_attribute: via};
  }
  const path = raw['path'];
  if (!Array.isArray(path) || path.length === 0)
    return {code: 'is_required', message: 'a path attribute needs a non-empty path', field: `${field}.path`};
  const steps: Array<{attribute_id: string; attribute_name: string}> = [];
  let on: readonly CatalogAttribute[] | undefined = attributes;
  for (const [i, step] of path.entries()) {
    const id =
      typeof step === 'object' && step !== null ? (step as Record<string, unknown>)['attribute_id'] : undefined;
    const attribute: CatalogAttribute | undefined = on?.find((a) => a.id === id);
    if (attribute === undefined)
      return {
        code: 'invalid_value',
        message: `path[${i}].attribute_id "${String(id)}" is not an attribute along the path`,
        field: `${field}.path`,
      };
    steps.push({attribute_id: attribute.id, attribute_name: attribute.name});
    on = BUILT_IN.has(attribute.type)
      ? undefined
      : store.types.find((t) => t.type_name === attribute.type)?.schema.attributes;
  }
  return {path: steps};
}
