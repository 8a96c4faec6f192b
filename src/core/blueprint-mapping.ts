// How a Port blueprint's properties become catalog attributes (used by `init` and by
// `validate --remote`): markdown → Text; url, email, enum and other strings → String; number →
// Number; boolean → Bool; arrays of strings → String arrays; relations → references when the
// related blueprint is synced too, else the related identifier as a String. Pure.

export interface BlueprintProperty {
  readonly type?: string;
  readonly format?: string;
  readonly items?: {readonly type?: string; readonly format?: string};
}

export interface SuggestedAttribute {
  readonly name: string;
  readonly type: string;
  readonly array: boolean;
  readonly expression: string;
  /** Why a property was left out, when it was. */
  readonly skipped?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSONata path to a key, back-quoted when the key is not a plain name. */
export function jsonataPath(prefix: string, key: string): string {
  return IDENTIFIER.test(key) ? `${prefix}.${key}` : `${prefix}.\`${key.replace(/`/g, '')}\``;
}

/** `Custom["PortServices"]`-style type name from a title: letters and digits only. */
export function typeNameFor(title: string): string {
  const words = title.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return `Custom["Port${name === '' ? 'Entities' : name}"]`;
}

export function attributeForProperty(name: string, property: BlueprintProperty): SuggestedAttribute {
  const expression = jsonataPath('properties', name);
  const base = {name, expression, array: false};
  switch (property.type) {
    case 'string':
      return {...base, type: property.format === 'markdown' ? 'Text' : 'String'};
    case 'number':
      return {...base, type: 'Number'};
    case 'boolean':
      return {...base, type: 'Bool'};
    case 'array':
      if (property.items?.type === undefined || property.items.type === 'string') return {...base, type: 'String', array: true};
      return {...base, type: 'String', skipped: `an array of ${property.items.type}: no catalog attribute holds it`};
    default:
      return {...base, type: 'String', skipped: `a ${property.type ?? 'untyped'} value: map it yourself with a JSONata expression`};
  }
}

export function attributeForRelation(name: string, relation: {target: string; many?: boolean}, syncedTypeNames: ReadonlyMap<string, string>): SuggestedAttribute {
  const reference = syncedTypeNames.get(relation.target);
  return {name, type: reference ?? 'String', array: relation.many === true, expression: jsonataPath('relations', name)};
}

/** Is a catalog attribute type able to hold what this property holds? */
export function compatible(property: BlueprintProperty, attribute: {type: string; array: boolean}): boolean {
  const suggested = attributeForProperty('x', property);
  if (suggested.skipped !== undefined) return false;
  if (suggested.array !== attribute.array) return !suggested.array && attribute.array; // one value fits an array attribute
  if (suggested.type === attribute.type) return true;
  return (suggested.type === 'String' || suggested.type === 'Text') && (attribute.type === 'String' || attribute.type === 'Text');
}
