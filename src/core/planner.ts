// computePlan: desired entries + current entries + the type schema → a plan. Pure and total:
// it never fails, never reads the network, and the same inputs always give the same plan.
import type {
  AttributeValue,
  CatalogAttribute,
  CatalogEntry,
  CatalogTypeSchema,
  DesiredEntry,
  FieldChange,
  FieldValue,
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

/**
 * The changes of the plain fields, in comparison order (name, aliases, rank, then the owned
 * attributes), with each one's place in that order: custom references are merged in by it later.
 */
interface PartialDiff {
  readonly changes: readonly FieldChange[];
  readonly at: readonly number[];
  readonly compared: number;
}

/** No change: one shared list, not one per unchanged entry. */
const NO_CHANGES: readonly never[] = Object.freeze([]);

/**
 * Compares name, aliases, rank and the owned attributes that are not custom references. Those wait
 * for the reference keys (known once every entry is read), so they are compared by `diffReferences`.
 */
function diffPlain(plain: readonly PlacedAttribute[], desired: DesiredEntry, current: CatalogEntry): PartialDiff {
  // Run for every entry of the catalog: nothing is allocated unless something changed.
  let changes: FieldChange[] | undefined;
  let places: number[] | undefined;
  const changed = (at: number, label: string, before: FieldValue, after: FieldValue): void => {
    (changes ??= []).push(fieldChange(label, before, after));
    (places ??= []).push(at);
  };
  let compared = 1;
  if (current.name !== desired.name) changed(-3, 'name', current.name, desired.name);
  if (desired.aliases !== undefined) {
    compared += 1;
    const before = normalizeAliases(current.aliases);
    const after = normalizeAliases(desired.aliases);
    if (!sameValue(before, after)) changed(-2, 'aliases', before, after);
  }
  if (desired.rank !== undefined) {
    compared += 1;
    if (current.rank !== desired.rank) changed(-1, 'rank', current.rank, desired.rank);
  }
  for (const {attribute, at} of plain) {
    const before = canonicalStored(attribute, current.attributes[attribute.id]);
    const after = desired.attributes[attribute.id];
    if (!sameValue(before, after)) changed(at, attribute.name, before, after);
  }
  compared += plain.length;
  // Kept until the plan is finished: lists of their exact length (a pushed-to list holds 17 places).
  if (changes === undefined || places === undefined) return {changes: NO_CHANGES, at: NO_CHANGES, compared};
  return {changes: changes.slice(), at: places.slice(), compared};
}

/** An owned attribute that is not a custom reference, at its place among the owned ones. */
interface PlacedAttribute {
  readonly attribute: CatalogAttribute;
  readonly at: number;
}

/** A reference is shown by the entry it names (its external ID) and compared by that entry. */
function diffReferences(
  references: readonly PlacedAttribute[],
  desired: DesiredEntry,
  current: CatalogEntry,
  diff: PartialDiff,
  referenceKeys: ReadonlyMap<string, ReferenceKeys> | undefined,
): {changes: readonly FieldChange[]; compared: number} {
  if (references.length === 0) return diff;
  const placed = diff.changes.map((change, i) => ({at: diff.at[i]!, change}));
  let compared = diff.compared;
  references.forEach(({attribute, at}) => {
    const keys = referenceKeys?.get(attribute.id);
    const before = toReferenceKeys(canonicalStored(attribute, current.attributes[attribute.id]), keys);
    const after = desired.attributes[attribute.id];
    compared += 1;
    if (sameValue(before, toReferenceKeys(after, keys))) return;
    placed.push({at, change: {label: attribute.name, before, after}});
  });
  if (placed.length === diff.changes.length) return {changes: diff.changes, compared};
  return {changes: placed.sort((a, b) => a.at - b.at).map((c) => c.change), compared};
}

/** The attribute values of entries that keep none: one shared object, not one per entry. */
const NO_VALUES: Readonly<Record<string, AttributeValue>> = Object.freeze({});

/**
 * What a plan keeps of an entry it compared: everything but the attribute values, except custom
 * references (compared later, and read by reference resolution). The values that changed are in
 * the action's `changes`; those that did not equal the desired ones. The external ID and an equal
 * name are the desired entry's strings: one copy of each, not two.
 */
function lean(entry: CatalogEntry, references: readonly CatalogAttribute[], desired?: DesiredEntry): CatalogEntry {
  let attributes = NO_VALUES;
  for (const attribute of references) {
    const value = entry.attributes[attribute.id];
    if (value === undefined) continue;
    if (attributes === NO_VALUES) attributes = {};
    (attributes as Record<string, AttributeValue>)[attribute.id] = value;
  }
  const name = desired !== undefined && desired.name === entry.name ? desired.name : entry.name;
  const externalId = desired?.externalId ?? entry.externalId;
  const {id, aliases, rank, updatedAt} = entry;
  // Two literals, not a spread: the spread one keeps its last field out of the object, in an array of its own.
  if (externalId === undefined) return {id, name, aliases, rank, attributes, updatedAt};
  return {id, name, aliases, rank, attributes, updatedAt, externalId};
}

/** The types the owned reference attributes point at, each once, in attribute order. */
function referencedTypes(input: PlanStart): string[] {
  const owned = input.ownedAttributeIds.flatMap((id) => input.schema.attributes.filter((a) => a.id === id));
  return [...new Set(owned.filter(isCustomReference).map((a) => a.type))];
}

/** What Port gave besides the desired entries: known once every page of it is read. */
export interface SourceTally {
  readonly skipped?: readonly SkippedEntity[];
  /** Entities read from Port; defaults to desired + skipped. */
  readonly sourceCount?: number;
  readonly filtered?: number;
}

/** Builds a plan while both sides are read, page by page, in any order. */
export interface PlanBuilder {
  /** Adds desired entries (a mapped Port page), comparing each with its current entry if that arrived. */
  addDesired(entries: readonly DesiredEntry[]): void;
  /** Adds current entries (a catalog page), comparing each with its desired entry if that arrived. */
  addCurrent(entries: readonly CatalogEntry[]): void;
  /**
   * Current entries held whole because no desired entry for their external ID arrived (yet): they
   * are compared when it does, or deleted. The reader of the catalog waits while too many wait.
   */
  readonly waiting: number;
  /**
   * The desired entries added so far, in order. An unchanged one keeps no attribute values when the
   * sync owns no custom-reference attribute: nothing reads them once compared (reference resolution
   * reads names, aliases and reference values only).
   */
  readonly desired: readonly DesiredEntry[];
  /**
   * The current entries added so far, in order, lean: without attribute values but custom
   * references. Entries no desired entry matched (yet) are whole (a delete shows every value it removes).
   */
  readonly current: readonly CatalogEntry[];
  /** The plan, once both sides are read; the reference keys compare custom references by entry. */
  finish(tally?: SourceTally, referenceKeys?: ReadonlyMap<string, ReferenceKeys>): SyncPlan;
}

export type PlanStart = Pick<PlanInput, 'sync' | 'blueprint' | 'schema' | 'ownedAttributeIds'>;

/**
 * A current entry with an external ID, compared with its desired entry once both are known. The
 * entry is `current[at]`: whole until compared, then lean.
 */
interface Held {
  readonly at: number;
  diff?: PartialDiff;
}

/**
 * A plan computed as both sides arrive: each entry is compared as soon as its counterpart is known,
 * and then only what the plan needs of the pair is kept, so a catalog's values are never all held
 * twice. Same plan as computePlan, which is this with every entry added at once: creates and updates
 * in desired order, then deletes in catalog order.
 */
export function startPlan(input: PlanStart): PlanBuilder {
  const owned = input.ownedAttributeIds.flatMap((id) => input.schema.attributes.filter((a) => a.id === id));
  const references = owned.filter(isCustomReference);
  const plain = owned.flatMap((attribute, at) => (isCustomReference(attribute) ? [] : [{attribute, at}]));
  const placedReferences = owned.flatMap((attribute, at) => (isCustomReference(attribute) ? [{attribute, at}] : []));
  const desired: DesiredEntry[] = [];
  const desiredAt = new Map<string, number>();
  const byExternalId = new Map<string, Held>();
  const current: CatalogEntry[] = [];
  let unmanaged = 0;
  let waiting = 0;

  const compare = (held: Held, at: number): void => {
    const want = desired[at]!;
    const entry = current[held.at]!;
    held.diff = diffPlain(plain, want, entry);
    current[held.at] = lean(entry, references, want);
    // With no custom references the comparison is complete: an unchanged entry's values are not read again.
    if (held.diff.changes.length === 0 && references.length === 0) desired[at] = withoutValues(want);
  };
  return {
    desired,
    current,
    get waiting() {
      return waiting;
    },
    addDesired(entries) {
      for (const entry of entries) {
        const at = desired.push(entry) - 1;
        desiredAt.set(entry.externalId, at);
        const held = byExternalId.get(entry.externalId);
        if (held === undefined || held.diff !== undefined) continue;
        waiting -= 1;
        compare(held, at);
      }
    },
    addCurrent(entries) {
      for (const entry of entries) {
        const index = current.push(entry) - 1;
        if (entry.externalId === undefined || entry.externalId === '') {
          unmanaged += 1;
          current[index] = lean(entry, references);
          continue;
        }
        // Assumption: incident.io keeps external IDs unique in a type (a create with a known one upserts).
        // Should two entries share one, the first listed is compared and the others left alone (like
        // entries without an external ID): the desired entry may have dropped its values once compared.
        if (byExternalId.has(entry.externalId)) {
          current[index] = lean(entry, references);
          continue;
        }
        const held: Held = {at: index};
        byExternalId.set(entry.externalId, held);
        const at = desiredAt.get(entry.externalId);
        if (at === undefined) waiting += 1;
        else compare(held, at);
      }
    },
    finish(tally = {}, referenceKeys) {
      const actions: PlanAction[] = [];
      let unchanged = 0;
      for (const want of desired) {
        const found = byExternalId.get(want.externalId);
        if (found?.diff === undefined) {
          const fields = fieldsOf(input, want);
          actions.push({action: 'create', externalId: want.externalId, name: want.name, after: want, fields});
          continue;
        }
        const entry = current[found.at]!;
        const {changes, compared} = diffReferences(placedReferences, want, entry, found.diff, referenceKeys);
        if (changes.length === 0) unchanged += 1;
        else {
          actions.push({
            action: 'update',
            externalId: want.externalId,
            entryId: entry.id,
            name: want.name,
            before: entry,
            after: want,
            changes,
            unchangedFields: compared - changes.length,
          });
        }
      }
      for (const [externalId, {at, diff}] of byExternalId) {
        if (diff !== undefined) continue;
        const entry = current[at]!;
        actions.push({
          action: 'delete',
          externalId,
          entryId: entry.id,
          name: entry.name,
          before: entry,
          fields: fieldsOf(input, entry),
          reason: `no entity in Port blueprint "${input.blueprint}" maps to this external ID`,
        });
      }
      const referenced = referencedTypes(input);
      return {
        sync: input.sync,
        blueprint: input.blueprint,
        catalogTypeId: input.schema.id,
        catalogTypeName: input.schema.name,
        ...(input.schema.typeName === '' ? {} : {typeName: input.schema.typeName}),
        ...(referenced.length === 0 ? {} : {references: referenced}),
        ownedAttributeIds: input.ownedAttributeIds,
        attributeNames: Object.fromEntries(input.ownedAttributeIds.map((id) => [id, attributeName(input.schema, id)])),
        actions,
        unchanged,
        unmanaged,
        managed: byExternalId.size,
        sourceCount: tally.sourceCount ?? desired.length + (tally.skipped?.length ?? 0),
        skipped: tally.skipped ?? [],
        ...(tally.filtered === undefined || tally.filtered === 0 ? {} : {filtered: tally.filtered}),
      };
    },
  };
}

/** A desired entry without its attribute values (see PlanBuilder.desired). */
function withoutValues(entry: DesiredEntry): DesiredEntry {
  const {sourceId, externalId, name, aliases, rank} = entry;
  const kept: {-readonly [K in keyof DesiredEntry]: DesiredEntry[K]} = {
    sourceId,
    externalId,
    name,
    attributes: NO_VALUES,
  };
  if (aliases !== undefined) kept.aliases = aliases;
  if (rank !== undefined) kept.rank = rank;
  return kept;
}

export function computePlan(input: PlanInput): SyncPlan {
  const builder = startPlan(input);
  builder.addDesired(input.desired);
  builder.addCurrent(input.current);
  return builder.finish(input, input.referenceKeys);
}
