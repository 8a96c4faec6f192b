// computePlan: desired entries + current entries + the type schema → a plan. Pure and total:
// it never fails, never reads the network, and the same inputs always give the same plan.
import type {
  AttributeValue, CatalogAttribute, CatalogEntry, CatalogTypeSchema, DesiredEntry, FieldChange, FieldValue,
} from './model.js';
import {fieldChange} from './compact-change.js';
import {canonicalStored, normalizeAliases, sameValue} from './normalize.js';
import {isCustomReference, toReferenceKeys, type ReferenceKeys} from './references.js';
import type {Field, PlanAction, SkippedEntity, SyncPlan} from './plan.js';

export interface PlanInput {
  readonly sync: string;
  readonly blueprint: string;
  readonly schema: CatalogTypeSchema;
  /** Attribute IDs the sync maps, in config order. */
  readonly ownedAttributeIds: readonly string[];
  readonly desired: readonly DesiredEntry[];
  readonly current: readonly CatalogEntry[];
  readonly skipped?: readonly SkippedEntity[];
  /**
   * Per custom-reference attribute ID: literal → the key of the entry it names (see core/references.ts),
   * so a stored entry ID and the external ID or alias the config yields compare equal.
   */
  readonly referenceKeys?: ReadonlyMap<string, ReferenceKeys>;
  /** Entities read from Port; defaults to desired + skipped. */
  readonly sourceCount?: number;
  readonly filtered?: number;
}

function attributeName(schema: CatalogTypeSchema, id: string): string {
  return schema.attributes.find((a) => a.id === id)?.name ?? id;
}

function fieldsOf(input: PlanStart, entry: DesiredEntry | CatalogEntry): Field[] {
  const fields: Field[] = [
    {label: 'external_id', value: entry.externalId},
    {label: 'name', value: entry.name},
  ];
  if (entry.aliases !== undefined && entry.aliases.length > 0) fields.push({label: 'aliases', value: entry.aliases});
  if (entry.rank !== undefined && entry.rank !== 0) fields.push({label: 'rank', value: entry.rank});
  for (const id of input.ownedAttributeIds) {
    const value = entry.attributes[id];
    if (value !== undefined) fields.push({label: attributeName(input.schema, id), value});
  }
  return fields;
}

/** A change at its place in the comparison order: name, aliases, rank, then the owned attributes. */
interface PlacedChange {
  readonly at: number;
  readonly change: FieldChange;
}

interface PartialDiff {
  readonly changes: PlacedChange[];
  compared: number;
}

/**
 * Compares name, aliases, rank and the owned attributes that are not custom references. Those wait
 * for the reference keys (known once every entry is read), so they are compared by `diffReferences`.
 */
function diffPlain(owned: readonly CatalogAttribute[], desired: DesiredEntry, current: CatalogEntry): PartialDiff {
  const diff: PartialDiff = {changes: [], compared: 0};
  const compare = (at: number, label: string, before: FieldValue, after: FieldValue, same: boolean): void => {
    diff.compared += 1;
    if (!same) diff.changes.push({at, change: fieldChange(label, before, after)});
  };
  compare(-3, 'name', current.name, desired.name, current.name === desired.name);
  if (desired.aliases !== undefined) {
    const before = normalizeAliases(current.aliases);
    const after = normalizeAliases(desired.aliases);
    compare(-2, 'aliases', before, after, sameValue(before, after));
  }
  if (desired.rank !== undefined) compare(-1, 'rank', current.rank, desired.rank, current.rank === desired.rank);
  owned.forEach((attribute, at) => {
    if (isCustomReference(attribute)) return;
    const before = canonicalStored(attribute, current.attributes[attribute.id]);
    const after = desired.attributes[attribute.id];
    compare(at, attribute.name, before, after, sameValue(before, after));
  });
  return diff;
}

/** A reference is shown by the entry it names (its external ID) and compared by that entry. */
function diffReferences(
  owned: readonly CatalogAttribute[], desired: DesiredEntry, current: CatalogEntry, diff: PartialDiff,
  referenceKeys: ReadonlyMap<string, ReferenceKeys> | undefined,
): FieldChange[] {
  const changes = [...diff.changes];
  let compared = diff.compared;
  owned.forEach((attribute, at) => {
    if (!isCustomReference(attribute)) return;
    const keys = referenceKeys?.get(attribute.id);
    const before = toReferenceKeys(canonicalStored(attribute, current.attributes[attribute.id]), keys);
    const after = desired.attributes[attribute.id];
    compared += 1;
    if (!sameValue(before, toReferenceKeys(after, keys))) changes.push({at, change: {label: attribute.name, before, after}});
  });
  diff.compared = compared;
  return changes.sort((a, b) => a.at - b.at).map((c) => c.change);
}

/**
 * What a plan keeps of an entry it compared: everything but the attribute values, except custom
 * references (compared later, and read by reference resolution). The values that changed are in
 * the action's `changes`; those that did not equal the desired ones.
 */
function lean(entry: CatalogEntry, references: readonly CatalogAttribute[]): CatalogEntry {
  const attributes: Record<string, AttributeValue> = {};
  for (const attribute of references) {
    const value = entry.attributes[attribute.id];
    if (value !== undefined) attributes[attribute.id] = value;
  }
  return {
    id: entry.id, name: entry.name, aliases: entry.aliases, rank: entry.rank, attributes, updatedAt: entry.updatedAt,
    ...(entry.externalId === undefined ? {} : {externalId: entry.externalId}),
  };
}

/** The types the owned reference attributes point at, each once, in attribute order. */
function referencedTypes(input: PlanStart): string[] {
  const owned = input.ownedAttributeIds.flatMap((id) => input.schema.attributes.filter((a) => a.id === id));
  return [...new Set(owned.filter(isCustomReference).map((a) => a.type))];
}

/** Builds a plan from the desired entries while the current ones are read, page by page. */
export interface PlanBuilder {
  /** Compares these entries with the desired ones now, and keeps only what the plan needs of them. */
  addCurrent(entries: readonly CatalogEntry[]): void;
  /**
   * The entries added so far, lean: without attribute values but custom references. Entries the
   * plan deletes are kept whole (a delete shows every value it removes).
   */
  readonly current: readonly CatalogEntry[];
  /** The plan, once every entry is added; the reference keys compare custom references by entry. */
  finish(referenceKeys?: ReadonlyMap<string, ReferenceKeys>): SyncPlan;
}

export type PlanStart = Omit<PlanInput, 'current' | 'referenceKeys'>;

/**
 * A plan computed as the current entries arrive: each page is compared with the (complete) desired
 * entries and then dropped, so a catalog's values are never all held twice. Same plan as
 * computePlan, which is this with every entry added at once.
 */
export function startPlan(input: PlanStart): PlanBuilder {
  const owned = input.ownedAttributeIds.flatMap((id) => input.schema.attributes.filter((a) => a.id === id));
  const references = owned.filter(isCustomReference);
  const desiredById = new Map<string, DesiredEntry>();
  for (const desired of input.desired) desiredById.set(desired.externalId, desired);
  const byExternalId = new Map<string, {entry: CatalogEntry; diff?: PartialDiff}>();
  const current: CatalogEntry[] = [];
  let unmanaged = 0;
  return {
    current,
    addCurrent(entries) {
      for (const entry of entries) {
        if (entry.externalId === undefined || entry.externalId === '') {
          unmanaged += 1;
          current.push(lean(entry, references));
          continue;
        }
        const desired = desiredById.get(entry.externalId);
        const kept = desired === undefined ? entry : lean(entry, references);
        current.push(kept);
        byExternalId.set(entry.externalId, desired === undefined ? {entry} : {entry: kept, diff: diffPlain(owned, desired, entry)});
      }
    },
    finish(referenceKeys) {
      const actions: PlanAction[] = [];
      let unchanged = 0;
      for (const desired of input.desired) {
        const found = byExternalId.get(desired.externalId);
        if (found?.diff === undefined) {
          actions.push({action: 'create', externalId: desired.externalId, name: desired.name, after: desired, fields: fieldsOf(input, desired)});
          continue;
        }
        const changes = diffReferences(owned, desired, found.entry, found.diff, referenceKeys);
        if (changes.length === 0) unchanged += 1;
        else {
          actions.push({
            action: 'update', externalId: desired.externalId, entryId: found.entry.id, name: desired.name,
            before: found.entry, after: desired, changes, unchangedFields: found.diff.compared - changes.length,
          });
        }
      }
      for (const [externalId, {entry, diff}] of byExternalId) {
        if (diff !== undefined) continue;
        actions.push({
          action: 'delete', externalId, entryId: entry.id, name: entry.name, before: entry, fields: fieldsOf(input, entry),
          reason: `no entity in Port blueprint "${input.blueprint}" maps to this external ID`,
        });
      }
      const referenced = referencedTypes(input);
      return {
        sync: input.sync, blueprint: input.blueprint, catalogTypeId: input.schema.id, catalogTypeName: input.schema.name,
        ...(input.schema.typeName === '' ? {} : {typeName: input.schema.typeName}),
        ...(referenced.length === 0 ? {} : {references: referenced}),
        ownedAttributeIds: input.ownedAttributeIds,
        attributeNames: Object.fromEntries(input.ownedAttributeIds.map((id) => [id, attributeName(input.schema, id)])),
        actions, unchanged, unmanaged, managed: byExternalId.size,
        sourceCount: input.sourceCount ?? input.desired.length + (input.skipped?.length ?? 0), skipped: input.skipped ?? [],
        ...(input.filtered === undefined || input.filtered === 0 ? {} : {filtered: input.filtered}),
      };
    },
  };
}

export function computePlan(input: PlanInput): SyncPlan {
  const builder = startPlan(input);
  builder.addCurrent(input.current);
  return builder.finish(input.referenceKeys);
}
