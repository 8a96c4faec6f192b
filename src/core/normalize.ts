// Puts values in the form incident.io stores and returns them, so desired and current compare
// equal right after an apply. Pure: the only rules here are incident.io's storage rules.
import type {AttributeValue, CatalogAttribute} from './model.js';

export type Conversion =
  {readonly ok: true; readonly value: AttributeValue | undefined} | {readonly ok: false; readonly expected: string};

const BUILT_IN = new Set(['String', 'Text', 'Number', 'Bool']);

/** True for attributes whose type is another catalog type (their literals are entry references). */
export function isReference(attribute: CatalogAttribute): boolean {
  return !BUILT_IN.has(attribute.type);
}

/** `backlink` and `path` attributes are computed by incident.io; writing them is refused. */
export function isDerived(attribute: CatalogAttribute): boolean {
  return attribute.mode === 'backlink' || attribute.mode === 'path';
}

function expectedOf(attribute: CatalogAttribute): string {
  const scalar = attribute.type === 'Number' ? 'a number' : attribute.type === 'Bool' ? 'a boolean' : 'a string';
  return attribute.array ? `${scalar} or an array of them` : scalar;
}

function scalarLiteral(type: string, value: unknown): string | undefined | null {
  // null: a type mismatch; undefined: no value.
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'Number':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
    case 'Bool':
      return typeof value === 'boolean' ? String(value) : null;
    case 'Text': {
      // Assumption (the contract is silent): rich text is stored without trailing whitespace.
      if (typeof value !== 'string') return null;
      const text = value.trimEnd();
      return text === '' ? undefined : text;
    }
    default:
      // String and references. An empty string is stored as no value (the guide sends "").
      return typeof value === 'string' ? (value === '' ? undefined : value) : null;
  }
}

/** Converts a mapping result to the stored form, or says what type was expected. */
export function toStoredValue(attribute: CatalogAttribute, value: unknown): Conversion {
  const mismatch: Conversion = {ok: false, expected: expectedOf(attribute)};
  if (value === null || value === undefined) return {ok: true, value: undefined};
  if (Array.isArray(value)) {
    if (!attribute.array) return mismatch;
    const literals: string[] = [];
    for (const item of value) {
      const literal = scalarLiteral(attribute.type, item);
      if (literal === null) return mismatch;
      if (literal !== undefined) literals.push(literal);
    }
    return {ok: true, value: literals.length === 0 ? undefined : literals};
  }
  const literal = scalarLiteral(attribute.type, value);
  if (literal === null) return mismatch;
  if (literal === undefined) return {ok: true, value: undefined};
  return {ok: true, value: attribute.array ? [literal] : literal};
}

function canonicalLiteral(type: string, literal: string): string {
  if (type === 'Number') {
    const n = Number(literal);
    return literal.trim() !== '' && Number.isFinite(n) ? String(n) : literal;
  }
  if (type === 'Bool') return literal.toLowerCase();
  if (type === 'Text') return literal.trimEnd();
  return literal;
}

/** Canonicalises a value read from incident.io: "absent" and "empty" become the same thing. */
export function canonicalStored(
  attribute: CatalogAttribute,
  value: AttributeValue | undefined,
): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const literal = canonicalLiteral(attribute.type, value);
    return literal === '' ? undefined : literal;
  }
  const literals = value.map((l) => canonicalLiteral(attribute.type, l)).filter((l) => l !== '');
  return literals.length === 0 ? undefined : literals;
}

/** Aliases compare as a set: order and repeats carry no meaning in incident.io. */
export function normalizeAliases(aliases: readonly string[]): string[] {
  return [...new Set(aliases.filter((a) => a !== ''))].sort();
}

export function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
