// computePlan: desired entries + current entries + the type schema → a plan. Pure and total:
// it never fails, never reads the network, and the same inputs always give the same plan.
import type {AttributeValue, CatalogEntry, CatalogTypeSchema, DesiredEntry, FieldChange, FieldValue} from './model.js';
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

function fieldsOf(input: PlanInput, entry: DesiredEntry | CatalogEntry): Field[] {
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

function diffEntry(input: PlanInput, desired: DesiredEntry, current: CatalogEntry): {changes: FieldChange[]; compared: number} {
  const changes: FieldChange[] = [];
  let compared = 0;
  const compare = (label: string, before: FieldValue, after: FieldValue, same: boolean): void => {
    compared += 1;
    if (!same) changes.push({label, before, after});
  };
  compare('name', current.name, desired.name, current.name === desired.name);
  if (desired.aliases !== undefined) {
    const before = normalizeAliases(current.aliases);
    const after = normalizeAliases(desired.aliases);
    compare('aliases', before, after, sameValue(before, after));
  }
  if (desired.rank !== undefined) compare('rank', current.rank, desired.rank, current.rank === desired.rank);
  for (const id of input.ownedAttributeIds) {
    const attribute = input.schema.attributes.find((a) => a.id === id);
    if (attribute === undefined) continue;
    const keys = input.referenceKeys?.get(id);
    // A reference is shown by the entry it names (its external ID) and compared by that entry.
    const stored = canonicalStored(attribute, current.attributes[id]);
    const before: AttributeValue | undefined = toReferenceKeys(stored, keys);
    const after = desired.attributes[id];
    compare(attribute.name, before, after, sameValue(before, toReferenceKeys(after, keys)));
  }
  return {changes, compared};
}

/** The types the owned reference attributes point at, each once, in attribute order. */
function referencedTypes(input: PlanInput): string[] {
  const owned = input.ownedAttributeIds.flatMap((id) => input.schema.attributes.filter((a) => a.id === id));
  return [...new Set(owned.filter(isCustomReference).map((a) => a.type))];
}

export function computePlan(input: PlanInput): SyncPlan {
  const byExternalId = new Map<string, CatalogEntry>();
  let unmanaged = 0;
  for (const entry of input.current) {
    if (entry.externalId === undefined || entry.externalId === '') unmanaged += 1;
    else byExternalId.set(entry.externalId, entry);
  }

  const actions: PlanAction[] = [];
  const wanted = new Set<string>();
  let unchanged = 0;
  for (const desired of input.desired) {
    wanted.add(desired.externalId);
    const current = byExternalId.get(desired.externalId);
    if (current === undefined) {
      actions.push({action: 'create', externalId: desired.externalId, name: desired.name, after: desired, fields: fieldsOf(input, desired)});
      continue;
    }
    const {changes, compared} = diffEntry(input, desired, current);
    if (changes.length === 0) unchanged += 1;
    else {
      actions.push({
        action: 'update', externalId: desired.externalId, entryId: current.id, name: desired.name,
        before: current, after: desired, changes, unchangedFields: compared - changes.length,
      });
    }
  }
  for (const [externalId, current] of byExternalId) {
    if (wanted.has(externalId)) continue;
    actions.push({
      action: 'delete', externalId, entryId: current.id, name: current.name, before: current,
      fields: fieldsOf(input, current),
      reason: `no entity in Port blueprint "${input.blueprint}" maps to this external ID`,
    });
  }
  const references = referencedTypes(input);
  return {
    sync: input.sync, blueprint: input.blueprint, catalogTypeId: input.schema.id, catalogTypeName: input.schema.name,
    ...(input.schema.typeName === '' ? {} : {typeName: input.schema.typeName}),
    ...(references.length === 0 ? {} : {references}),
    ownedAttributeIds: input.ownedAttributeIds,
    attributeNames: Object.fromEntries(input.ownedAttributeIds.map((id) => [id, attributeName(input.schema, id)])),
    actions, unchanged, unmanaged, managed: byExternalId.size,
    sourceCount: input.sourceCount ?? input.desired.length + (input.skipped?.length ?? 0), skipped: input.skipped ?? [],
    ...(input.filtered === undefined || input.filtered === 0 ? {} : {filtered: input.filtered}),
  };
}
