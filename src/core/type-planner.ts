// planType: a declared catalog type + the live one (if any) → what to create or change: the type's
// fields, and its schema (attributes added, changed, removed). Attributes the config never
// declared (added by hand) are kept; only those recorded as ours in the type's annotations and no
// longer declared are removed. New attributes get IDs chosen here, so entries can be planned
// against them before they exist. Pure.
import {OWNED_ATTRIBUTES_ANNOTATION, OWNER_ANNOTATION} from './model.js';
import type {CatalogAttribute, CatalogTypeSchema, DeclaredType, FieldChange, TypeChanges} from './model.js';

// The shapes and annotation keys live in model.ts (the plan carries them too); re-exported here.
export {OWNED_ATTRIBUTES_ANNOTATION, type TypeChanges} from './model.js';

type Annotations = Readonly<Record<string, string>>;

/** True when `live` already holds every annotation in `ours`. */
function hasAnnotations(live: Annotations | undefined, ours: Annotations): boolean {
  return Object.entries(ours).every(([key, value]) => live?.[key] === value);
}

/** A stable ID for a new attribute, from its type and name (the API lets clients choose IDs). */
export function attributeId(typeName: string, name: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${typeName}\u0000${name}`) {
    const c = ch.codePointAt(0)!;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  let out = '01RC';
  for (let i = 0; i < 22; i += 1) {
    const word = i % 2 === 0 ? h1 : h2;
    out += alphabet[(word >>> ((i * 5) % 27)) & 31];
    h1 = Math.imul(h1 ^ i, 0x01000193) >>> 0;
  }
  return out;
}

function ownedNames(annotations: Readonly<Record<string, string>>): string[] {
  try {
    const parsed: unknown = JSON.parse(annotations[OWNED_ATTRIBUTES_ANNOTATION] ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

function same(a: readonly string[] | undefined, b: readonly string[]): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function fieldChanges(declared: DeclaredType, current: CatalogTypeSchema): FieldChange[] {
  const changes: FieldChange[] = [];
  if (current.name !== declared.name) changes.push({label: 'name', before: current.name, after: declared.name});
  if ((current.description ?? '') !== declared.description)
    changes.push({label: 'description', before: current.description, after: declared.description});
  if (!same(current.categories, declared.categories))
    changes.push({label: 'categories', before: current.categories, after: declared.categories});
  if ((current.ranked ?? false) !== declared.ranked)
    changes.push({label: 'ranked', before: String(current.ranked ?? false), after: String(declared.ranked)});
  if (declared.color !== undefined && current.color !== declared.color)
    changes.push({label: 'color', before: current.color, after: declared.color});
  if (declared.icon !== undefined && current.icon !== declared.icon)
    changes.push({label: 'icon', before: current.icon, after: declared.icon});
  if (declared.sourceRepoUrl !== undefined && current.sourceRepoUrl !== declared.sourceRepoUrl) {
    changes.push({label: 'source_repo_url', before: current.sourceRepoUrl, after: declared.sourceRepoUrl});
  }
  return changes;
}

export function planType(
  declared: DeclaredType,
  current: CatalogTypeSchema | undefined,
  sync: string,
): {changes: TypeChanges; schema: CatalogTypeSchema} {
  // Only our own annotations: others' are merged in when the type is written, as they are then.
  const annotations = {
    [OWNER_ANNOTATION]: sync,
    [OWNED_ATTRIBUTES_ANNOTATION]: JSON.stringify(declared.attributes.map((a) => a.name)),
  };
  const existing = current?.attributes ?? [];
  const byName = new Map(existing.map((a) => [a.name, a]));
  const declaredNames = new Set(declared.attributes.map((a) => a.name));
  const added: CatalogAttribute[] = [];
  const changed: Array<{before: CatalogAttribute; after: CatalogAttribute}> = [];
  for (const attribute of declared.attributes) {
    const now = byName.get(attribute.name);
    if (now === undefined)
      added.push({
        id: attributeId(declared.typeName, attribute.name),
        name: attribute.name,
        type: attribute.type,
        array: attribute.array,
        mode: 'api',
      });
    else if (now.type !== attribute.type || now.array !== attribute.array)
      changed.push({before: now, after: {...now, type: attribute.type, array: attribute.array}});
  }
  const owned = new Set(ownedNames(current?.annotations ?? {}));
  const removed = existing.filter((a) => owned.has(a.name) && !declaredNames.has(a.name));
  const gone = new Set(removed.map((a) => a.id));
  const replaced = new Map(changed.map((c) => [c.before.id, c.after]));
  const attributes = [...existing.filter((a) => !gone.has(a.id)).map((a) => replaced.get(a.id) ?? a), ...added];
  const fields = current === undefined ? [] : fieldChanges(declared, current);
  const changes: TypeChanges = {
    create: current === undefined,
    fields,
    added,
    changed,
    removed,
    attributes,
    version: current?.version ?? 0,
    annotations,
    declared,
    updateType: current !== undefined && (fields.length > 0 || !hasAnnotations(current.annotations, annotations)),
  };
  // The live annotations, so the ownership check sees who owns the type now (not the claim to make).
  const schema: CatalogTypeSchema = {
    id: current?.id ?? '',
    name: declared.name,
    typeName: declared.typeName,
    version: current?.version ?? 0,
    attributes,
    annotations: current?.annotations ?? {},
  };
  return {changes, schema};
}

/** True when the type or its schema must be written: a no-op run writes nothing. */
export function typeNeedsWrite(changes: TypeChanges): boolean {
  return changes.create || changes.updateType || schemaNeedsWrite(changes);
}

export function schemaNeedsWrite(changes: TypeChanges): boolean {
  return changes.added.length > 0 || changes.changed.length > 0 || changes.removed.length > 0;
}
