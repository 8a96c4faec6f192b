// incident.io's catalog type routes: create, update (PUT), and update_schema with its optimistic
// version check; the full list replaces the schema (backlinks and paths with their definitions).
import {isRecord, sendJson, type Context, type Router} from './http-kit.js';
import {incidentError, jsonBody, typeOut, validationError, type Handler} from './incident-replies.js';
import {BUILT_IN_REFERENCE_TYPES, type FieldError} from './incident-values.js';
import {newId, now, type CatalogAttribute, type CatalogType} from './state.js';
import {derivedDefinition} from './incident-derived.js';

const COLORS = ['yellow', 'green', 'blue', 'violet', 'pink', 'cyan', 'orange'];
const TYPE_NAME = /^Custom\["[A-Za-z0-9]+"\]$/;
const BUILT_IN_TYPES = ['String', 'Text', 'Number', 'Bool'];

function typeBodyErrors(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof body['name'] !== 'string' || body['name'].trim() === '')
    errors.push({code: 'is_required', message: 'name is required', field: 'name'});
  if (typeof body['description'] !== 'string' || body['description'].trim() === '')
    errors.push({code: 'is_required', message: 'description is required', field: 'description'});
  const annotations = body['annotations'];
  if (
    annotations !== undefined &&
    !(isRecord(annotations) && Object.values(annotations).every((v) => typeof v === 'string'))
  ) {
    errors.push({code: 'invalid_value', message: 'annotations must map strings to strings', field: 'annotations'});
  }
  if (body['color'] !== undefined && !(typeof body['color'] === 'string' && COLORS.includes(body['color'])))
    errors.push({code: 'invalid_value', message: `color must be one of ${COLORS.join(', ')}`, field: 'color'});
  if (body['source_repo_url'] !== undefined && typeof body['source_repo_url'] !== 'string') {
    errors.push({code: 'invalid_value', message: 'source_repo_url must be a string', field: 'source_repo_url'});
  }
  return errors;
}

function applyTypeBody(type: CatalogType, body: Record<string, unknown>): void {
  type.name = body['name'] as string;
  type.description = body['description'] as string;
  type.annotations = (body['annotations'] as Record<string, string> | undefined) ?? {};
  if (typeof body['ranked'] === 'boolean') type.ranked = body['ranked'];
  if (Array.isArray(body['categories'])) type.categories = body['categories'] as string[];
  if (typeof body['color'] === 'string') type.color = body['color'];
  if (typeof body['icon'] === 'string') type.icon = body['icon'];
  // Assumption (the docs are silent): like color and icon, an omitted source_repo_url is kept.
  if (typeof body['source_repo_url'] === 'string') type.source_repo_url = body['source_repo_url'];
  if (typeof body['use_name_as_identifier'] === 'boolean') type.use_name_as_identifier = body['use_name_as_identifier'];
  type.updated_at = now();
}

const createType: Handler = async (ctx, store) => {
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  const errors = typeBodyErrors(body);
  const typeName =
    body['type_name'] ??
    `Custom["${(typeof body['name'] === 'string' ? body['name'] : '').replace(/[^A-Za-z0-9]/g, '')}"]`;
  if (typeof typeName !== 'string' || !TYPE_NAME.test(typeName))
    errors.push({
      code: 'invalid_value',
      message: 'type_name must look like Custom["Name"] (letters and digits)',
      field: 'type_name',
    });
  else if (store.types.some((t) => t.type_name === typeName))
    errors.push({
      code: 'invalid_value',
      message: `a catalog type named ${typeName} already exists`,
      field: 'type_name',
    });
  if (errors.length > 0) return validationError(ctx.res, errors);
  const at = now();
  const type: CatalogType = {
    id: newId(),
    name: '',
    description: '',
    type_name: typeName as string,
    ranked: false,
    categories: [],
    color: 'blue',
    icon: 'box',
    annotations: {},
    is_editable: true,
    schema: {version: 1, attributes: []},
    created_at: at,
    updated_at: at,
  };
  applyTypeBody(type, body);
  store.types.push(type);
  sendJson(ctx.res, 201, {catalog_type: typeOut(type, 0)});
};

/** The full attribute list replaces the schema; the version must be the current one. */
const updateSchema: Handler = async (ctx, store) => {
  const type = store.type(ctx.params['id'] ?? '');
  if (type === undefined) return incidentError(ctx.res, 404, [{code: 'not_found', message: 'catalog type not found'}]);
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  if (body['version'] !== type.schema.version) {
    return validationError(ctx.res, [
      {
        code: 'invalid_value',
        message: `schema version ${String(body['version'])} is not the current one (${type.schema.version}): read the type again`,
        field: 'version',
      },
    ]);
  }
  if (!Array.isArray(body['attributes']))
    return validationError(ctx.res, [
      {code: 'is_required', message: 'attributes is required (the full list)', field: 'attributes'},
    ]);
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const attributes: CatalogAttribute[] = body['attributes'].flatMap((raw: unknown, i: number) => {
    const field = `attributes[${i}]`;
    if (!isRecord(raw) || typeof raw['name'] !== 'string' || raw['name'] === '' || typeof raw['type'] !== 'string') {
      errors.push({code: 'invalid_value', message: 'each attribute needs name and type', field});
      return [];
    }
    const kind = raw['type'];
    const array = raw['array'] === true;
    const known =
      BUILT_IN_TYPES.includes(kind) ||
      BUILT_IN_REFERENCE_TYPES.has(kind) ||
      store.types.some((t) => t.type_name === kind);
    if (!known) errors.push({code: 'invalid_value', message: `unknown attribute type ${kind}`, field: `${field}.type`});
    if (array && ['Bool', 'Text', 'Number'].includes(kind))
      errors.push({code: 'invalid_value', message: `${kind} attributes cannot be arrays`, field: `${field}.array`});
    if (names.has(raw['name']))
      errors.push({
        code: 'invalid_value',
        message: `attribute name "${raw['name']}" is used twice`,
        field: `${field}.name`,
      });
    names.add(raw['name']);
    const id = typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : newId();
    return [
      {
        id,
        name: raw['name'],
        type: kind,
        array,
        mode: typeof raw['mode'] === 'string' && raw['mode'] !== '' ? raw['mode'] : 'api',
      },
    ];
  });
  // Derived attributes keep their definitions (checked against the new list, for paths within the type).
  body['attributes'].forEach((raw: unknown, i: number) => {
    const attribute = attributes.find((a) => isRecord(raw) && a.name === raw['name']);
    if (attribute === undefined || !isRecord(raw)) return;
    if (attribute.mode !== 'backlink' && attribute.mode !== 'path') return;
    const definition = derivedDefinition(store, type, attributes, raw, attribute.mode, `attributes[${i}]`);
    if ('code' in definition) errors.push(definition);
    else Object.assign(attribute, definition);
  });
  if (errors.length > 0) return validationError(ctx.res, errors);
  const kept = new Set(attributes.map((a) => a.id));
  for (const entry of store.liveEntries(type.id)) {
    for (const id of Object.keys(entry.attribute_values)) if (!kept.has(id)) delete entry.attribute_values[id]; // removing an attribute destroys its values
  }
  type.schema = {version: type.schema.version + 1, attributes};
  type.updated_at = now();
  sendJson(ctx.res, 200, {catalog_type: typeOut(type, store.liveCount(type.id))});
};

/**
 * PUT replaces name, description, ranked, categories, color, icon, source_repo_url and annotations;
 * the schema stays.
 */
const updateType: Handler = async (ctx, store) => {
  const type = store.type(ctx.params['id'] ?? '');
  if (type === undefined) return incidentError(ctx.res, 404, [{code: 'not_found', message: 'catalog type not found'}]);
  const body = await jsonBody(ctx);
  if (body === undefined) return;
  const errors = typeBodyErrors(body);
  if (errors.length > 0) return validationError(ctx.res, errors);
  applyTypeBody(type, body);
  sendJson(ctx.res, 200, {catalog_type: typeOut(type, store.liveCount(type.id))});
};

export function typeRoutes(router: Router, guard: (handler: Handler) => (ctx: Context) => Promise<void>): void {
  for (const v of ['v2', 'v3']) {
    router
      .on('POST', `/${v}/catalog_types`, guard(createType))
      .on('PUT', `/${v}/catalog_types/{id}`, guard(updateType))
      .on('POST', `/${v}/catalog_types/{id}/actions/update_schema`, guard(updateSchema));
  }
}
