// How a Port blueprint's properties become catalog attributes (used by `init` and by
// `validate --remote`): markdown → Text; url, email, enum and other strings → String; number →
// Number; boolean → Bool; arrays of strings → String arrays; relations → references when the
// related blueprint is synced too, else the related identifier as a String. Mirror, calculation and
// aggregation properties count as properties: Port puts their values in the entity's. Pure.

export interface BlueprintProperty {
  readonly type?: string;
  readonly format?: string;
  readonly items?: {readonly type?: string; readonly format?: string};
}

/** What `validate --remote` and `init` read of a Port blueprint. */
export interface BlueprintShape {
  readonly identifier: string;
  readonly schema?: {readonly properties?: Readonly<Record<string, BlueprintProperty>>};
  readonly relations?: Readonly<Record<string, {readonly target: string; readonly many?: boolean}>>;
  /** `path`: relations then a property or meta-property of the last related blueprint (`team.slack`, `team.$title`). */
  readonly mirrorProperties?: Readonly<Record<string, {readonly path?: string}>>;
  readonly calculationProperties?: Readonly<Record<string, BlueprintProperty>>;
  readonly aggregationProperties?: Readonly<Record<string, BlueprintProperty>>;
}

/** Blueprints read so far, by identifier. */
export type Blueprints = ReadonlyMap<string, BlueprintShape>;
type Found = BlueprintProperty | undefined;

const META_PROPERTIES: Readonly<Record<string, BlueprintProperty>> = {
  $identifier: {type: 'string'},
  $title: {type: 'string'},
  $icon: {type: 'string'},
  $blueprint: {type: 'string'},
  $team: {type: 'array', items: {type: 'string'}},
  $createdAt: {type: 'string', format: 'date-time'},
  $updatedAt: {type: 'string', format: 'date-time'},
};

/**
 * What a mirror property holds: the property its path ends at, as an array when a relation on the
 * way is `many`. `blueprints` gives the related blueprints read so far; undefined when one is missing
 * or the path does not resolve (the property is then untyped, and only evaluation can tell).
 */
export function mirrorProperty(path: string, from: BlueprintShape, blueprints: Blueprints): Found {
  const steps = path.split('.');
  const last = steps.pop();
  let at: BlueprintShape | undefined = from;
  let many = false;
  for (const step of steps) {
    const relation: {target: string; many?: boolean} | undefined = at?.relations?.[step];
    if (relation === undefined) return undefined;
    many ||= relation.many === true;
    at = blueprints.get(relation.target);
  }
  if (at === undefined || last === undefined) return undefined;
  const property =
    META_PROPERTIES[last] ??
    at.schema?.properties?.[last] ??
    at.calculationProperties?.[last] ??
    aggregation(at.aggregationProperties?.[last]);
  if (property === undefined || !many || property.type === 'array') return property;
  const {type, format} = property;
  return {type: 'array', items: {...(type === undefined ? {} : {type}), ...(format === undefined ? {} : {format})}};
}

/** Blueprints a mirror path passes through: read them before calling entityProperties. */
export function mirrorTargets(from: BlueprintShape, blueprints: Blueprints): string[] {
  const wanted = new Set<string>();
  for (const mirror of Object.values(from.mirrorProperties ?? {})) {
    let at: BlueprintShape | undefined = from;
    for (const step of (mirror.path ?? '').split('.').slice(0, -1)) {
      const target: string | undefined = at?.relations?.[step]?.target;
      if (target === undefined) break;
      at = blueprints.get(target);
      if (at === undefined) {
        wanted.add(target);
        break;
      }
    }
  }
  return [...wanted];
}

/** Aggregation properties hold numbers (counts, sums, averages) unless they say otherwise. */
function aggregation(property: BlueprintProperty | undefined): BlueprintProperty | undefined {
  return property === undefined ? undefined : {...property, type: property.type ?? 'number'};
}

/**
 * Everything Port puts in an entity's `properties`: the schema's properties, then mirror, calculation
 * and aggregation properties. A mirror whose type cannot be found is untyped (`{}`).
 */
export function entityProperties(blueprint: BlueprintShape, blueprints: Blueprints): Record<string, BlueprintProperty> {
  const out: Record<string, BlueprintProperty> = {...(blueprint.schema?.properties ?? {})};
  for (const [name, mirror] of Object.entries(blueprint.mirrorProperties ?? {})) {
    out[name] = (mirror.path === undefined ? undefined : mirrorProperty(mirror.path, blueprint, blueprints)) ?? {};
  }
  for (const [name, property] of Object.entries(blueprint.calculationProperties ?? {})) out[name] = property;
  for (const [name, property] of Object.entries(blueprint.aggregationProperties ?? {})) {
    out[name] = aggregation(property) ?? property;
  }
  return out;
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
  const words = title
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return `Custom["Port${name === '' ? 'Entities' : name}"]`;
}

export function attributeForProperty(name: string, property: BlueprintProperty): SuggestedAttribute {
  const expression = jsonataPath('properties', name);
  const base = {name, expression, array: false};
  const type = property.type ?? 'untyped';
  switch (type) {
    case 'string':
      return {...base, type: property.format === 'markdown' ? 'Text' : 'String'};
    case 'number':
      return {...base, type: 'Number'};
    case 'boolean':
      return {...base, type: 'Bool'};
    case 'array':
      if (property.items?.type === undefined || property.items.type === 'string')
        return {...base, type: 'String', array: true};
      return {...base, type: 'String', skipped: `an array of ${property.items.type}: no catalog attribute holds it`};
    default:
      return {...base, type: 'String', skipped: `a ${type} value: map it yourself with a JSONata expression`};
  }
}

export function attributeForRelation(
  name: string,
  relation: {target: string; many?: boolean},
  syncedTypeNames: ReadonlyMap<string, string>,
): SuggestedAttribute {
  const reference = syncedTypeNames.get(relation.target);
  return {name, type: reference ?? 'String', array: relation.many === true, expression: jsonataPath('relations', name)};
}

/** Is a catalog attribute type able to hold what this property holds? */
export function compatible(property: BlueprintProperty, attribute: {type: string; array: boolean}): boolean {
  const suggested = attributeForProperty('x', property);
  if (suggested.skipped !== undefined) return false;
  if (suggested.array !== attribute.array) return !suggested.array && attribute.array; // one value fits an array attribute
  if (suggested.type === attribute.type) return true;
  return (
    (suggested.type === 'String' || suggested.type === 'Text') &&
    (attribute.type === 'String' || attribute.type === 'Text')
  );
}
