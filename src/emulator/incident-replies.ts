// incident.io's response shapes: entries and types as the API returns them, and its error body
// {type, status, request_id, errors: [{code, message, source: {field}}]}.
import {randomUUID} from 'node:crypto';
import type {ServerResponse} from 'node:http';
import {isRecord, sendJson, type Context} from './http-kit.js';
import type {IncidentStore} from './incident-store.js';
import type {FieldError} from './incident-values.js';
import type {CatalogEntry, CatalogType, StoredBinding} from './state.js';

const TYPES: Record<number, string> = {
  400: 'bad_request',
  401: 'authentication_error',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'request_too_large',
  422: 'validation_error',
  429: 'too_many_requests',
};

export function incidentError(
  res: ServerResponse,
  status: number,
  errors: ReadonlyArray<{code: string; message: string; field?: string}>,
): void {
  sendJson(res, status, {
    type: TYPES[status] ?? 'internal_error',
    status,
    request_id: randomUUID(),
    errors: errors.map((e) => ({
      code: e.code,
      message: e.message,
      ...(e.field === undefined ? {} : {source: {field: e.field}}),
    })),
  });
}

export function validationError(res: ServerResponse, errors: readonly FieldError[]): void {
  incidentError(res, 422, errors);
}

/** A value's label: a reference's is the referenced entry's name; anything else's is its literal. */
export type LabelOf = (literal: string) => string;

function bindingOut(binding: StoredBinding, labelOf: LabelOf): Record<string, unknown> {
  if (binding.array_value !== undefined)
    return {array_value: binding.array_value.map((v) => ({literal: v.literal, label: labelOf(v.literal)}))};
  if (binding.value !== undefined)
    return {value: {literal: binding.value.literal, label: labelOf(binding.value.literal)}};
  return {};
}

/** Empty arrays and nulls are omitted, as incident.io does; `derived` holds backlink and path values. */
export function entryOut(
  entry: CatalogEntry,
  labelOf: LabelOf = (literal) => literal,
  derived: Record<string, StoredBinding> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const bindings = {...entry.attribute_values, ...derived};
  for (const [id, binding] of Object.entries(bindings)) values[id] = bindingOut(binding, labelOf);
  return {
    id: entry.id,
    catalog_type_id: entry.catalog_type_id,
    name: entry.name,
    ...(entry.external_id === undefined ? {} : {external_id: entry.external_id}),
    aliases: entry.aliases,
    rank: entry.rank,
    attribute_values: values,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
    ...(entry.archived_at === undefined ? {} : {archived_at: entry.archived_at}),
  };
}

export function typeOut(type: CatalogType, estimatedCount: number): Record<string, unknown> {
  return {
    ...type,
    estimated_count: estimatedCount,
    use_name_as_identifier: type.use_name_as_identifier ?? false,
    required_integrations: [],
    schema: {version: type.schema.version, attributes: type.schema.attributes.map((a) => ({...a}))},
  };
}

export type Handler = (ctx: Context, store: IncidentStore) => Promise<void> | void;

/** The request's JSON object body, or a 400 in incident.io's shape. */
export async function jsonBody(ctx: Context): Promise<Record<string, unknown> | undefined> {
  const body = await ctx.body();
  if (isRecord(body)) return body;
  incidentError(ctx.res, 400, [{code: 'bad_request', message: 'request body must be a JSON object'}]);
  return undefined;
}
