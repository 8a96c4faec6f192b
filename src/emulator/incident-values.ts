// Checks and stores attribute_values the way incident.io does: attribute IDs must exist on the
// type, derived attributes cannot be written, literals must be strings of the attribute's type,
// arrays only for array attributes. An empty literal or empty array is stored as no value.
import {isRecord} from './http-kit.js';
import type {CatalogAttribute, CatalogType, StoredBinding} from './state.js';

export interface FieldError {
  code: string;
  message: string;
  field: string;
}

function literalError(
  attribute: CatalogAttribute,
  literal: unknown,
  field: string,
  resolve?: ReferenceResolver,
): FieldError | undefined {
  if (typeof literal !== 'string') return {code: 'invalid_value', message: 'literal must be a string', field};
  if (literal === '') return undefined;
  if (isCustomType(attribute.type) && resolve !== undefined && resolve(attribute.type, literal) === undefined) {
    return {
      code: 'invalid_value',
      message: `no ${attribute.type} entry has the ID, external ID or alias "${literal}"`,
      field,
    };
  }
  if (attribute.type === 'Number' && !(literal.trim() !== '' && Number.isFinite(Number(literal)))) {
    return {
      code: 'invalid_value',
      message: `"${literal}" is not a number (attribute "${attribute.name}" is a Number)`,
      field,
    };
  }
  if (attribute.type === 'Bool' && literal !== 'true' && literal !== 'false') {
    return {
      code: 'invalid_value',
      message: `"${literal}" is not a boolean: use "true" or "false" (attribute "${attribute.name}" is a Bool)`,
      field,
    };
  }
  return undefined;
}

/**
 * Rich text is stored without trailing whitespace (an assumption: the API docs are silent); references to
 * custom types as the entry's ID. A reference to one of incident.io's own types (User, Schedule, …) is
 * stored as sent: the emulator has no users or schedules to resolve it against.
 */
function stored(attribute: CatalogAttribute, literal: string, resolve?: ReferenceResolver): string {
  if (attribute.type === 'Text') return literal.trimEnd();
  if (isCustomType(attribute.type) && literal !== '') return resolve?.(attribute.type, literal)?.id ?? literal;
  return literal;
}

function literalOf(value: unknown): unknown {
  return isRecord(value) ? value['literal'] : undefined;
}

/** Finds the entry a reference literal names (its ID, external ID or an alias) in the type called `typeName`. */
export type ReferenceResolver = (typeName: string, literal: string) => {id: string} | undefined;

/** A custom type's type_name: its entries are catalog entries the emulator holds. */
export function isCustomType(type: string): boolean {
  return /^Custom\[".+"\]$/.test(type);
}

/**
 * incident.io's own types an attribute may reference, beside String, Text, Number, Bool and custom types.
 * Assumption: a representative few; incident.io has more (integrations add their own).
 */
export const BUILT_IN_REFERENCE_TYPES: ReadonlySet<string> = new Set([
  'User',
  'Team',
  'EscalationPath',
  'Schedule',
  'SlackChannel',
  'SlackUserGroup',
]);

/** Validates a payload's attribute_values against the type; returns stored bindings or errors. References are stored as the entry's ID. */
export function checkAttributeValues(
  type: CatalogType,
  raw: unknown,
  updateAttributes?: readonly string[],
  resolve?: ReferenceResolver,
): {values: Record<string, StoredBinding>; errors: FieldError[]} {
  const errors: FieldError[] = [];
  const values: Record<string, StoredBinding> = {};
  if (!isRecord(raw))
    return {
      values,
      errors: [{code: 'is_required', message: 'attribute_values must be an object', field: 'attribute_values'}],
    };
  const byId = new Map(type.schema.attributes.map((a) => [a.id, a]));
  for (const id of updateAttributes ?? []) {
    if (!byId.has(id))
      errors.push({
        code: 'invalid_value',
        message: `update_attributes names "${id}", which is not an attribute of catalog type ${type.id}`,
        field: 'update_attributes',
      });
  }
  for (const [id, binding] of Object.entries(raw)) {
    const field = `attribute_values.${id}`;
    const attribute = byId.get(id);
    if (attribute === undefined) {
      errors.push({
        code: 'invalid_value',
        message: `attribute "${id}" does not exist on catalog type ${type.id}`,
        field,
      });
      continue;
    }
    if (attribute.mode === 'backlink' || attribute.mode === 'path') {
      errors.push({
        code: 'invalid_value',
        message: `attribute "${attribute.name}" is derived (${attribute.mode}) and cannot be set`,
        field,
      });
      continue;
    }
    if (binding === null) continue;
    if (!isRecord(binding)) {
      errors.push({code: 'invalid_value', message: 'must be an object with value or array_value', field});
      continue;
    }
    if (binding['array_value'] !== undefined && binding['array_value'] !== null) {
      if (!attribute.array) {
        errors.push({
          code: 'invalid_value',
          message: `attribute "${attribute.name}" is not an array: use value`,
          field,
        });
        continue;
      }
      if (!Array.isArray(binding['array_value'])) {
        errors.push({code: 'invalid_value', message: 'array_value must be an array', field});
        continue;
      }
      const literals = binding['array_value'].map(literalOf);
      const bad = literals
        .map((l, i) => literalError(attribute, l, `${field}.array_value[${i}]`, resolve))
        .find((e) => e !== undefined);
      if (bad !== undefined) errors.push(bad);
      else {
        const kept = (literals as string[]).filter((l) => l !== '').map((l) => stored(attribute, l, resolve));
        if (kept.length > 0) values[id] = {array_value: kept.map((literal) => ({literal}))};
      }
    } else if (binding['value'] !== undefined && binding['value'] !== null) {
      if (attribute.array) {
        errors.push({
          code: 'invalid_value',
          message: `attribute "${attribute.name}" is an array: use array_value`,
          field,
        });
        continue;
      }
      const literal = literalOf(binding['value']);
      const bad = literalError(attribute, literal, `${field}.value.literal`, resolve);
      const kept = bad === undefined ? stored(attribute, literal as string, resolve) : '';
      if (bad === undefined && kept !== '') values[id] = {value: {literal: kept}};
      else if (bad !== undefined) errors.push(bad);
    }
  }
  return {values, errors};
}
