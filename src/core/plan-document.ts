// The plan as a JSON document (schemas/plan.schema.json): what `--json` prints and what
// `plan --out` saves, and back. Attributes are keyed by name for readers; the sync section maps
// names to IDs so a saved plan can be applied exactly. Pure.
import type {AttributeValue, CatalogEntry, DesiredEntry, FieldChange, FieldValue, TypeChanges} from './model.js';
import type {PlanAction, SyncPlan, UpdateAction} from './plan.js';
import {summarize} from './plan.js';

export const PLAN_FORMAT_VERSION = '1.0';

export interface DocEntry {
  name: string;
  external_id?: string;
  aliases: string[];
  rank: number;
  attributes: Record<string, string | string[]>;
}

export interface DocChange {
  sync: string;
  action: 'create' | 'update' | 'delete';
  external_id: string;
  name: string;
  entry_id?: string;
  before?: DocEntry;
  after?: DocEntry;
  /** Fields whose value changes: name, aliases, rank or attribute names. */
  changed: string[];
  unchanged_fields?: number;
  /** The entry's updated_at when planned: apply of a saved plan refuses if it moved. */
  planned_against?: {updated_at: string};
  reason?: string;
}

export interface DocSync {
  name: string;
  blueprint: string;
  catalog_type_id: string;
  catalog_type_name: string;
  /** The type's type_name; apply holds back the syncs whose `references` name a type that failed. */
  type_name?: string;
  references?: string[];
  attributes: Array<{id: string; name: string}>;
  unchanged: number;
  unmanaged: number;
  managed: number;
  source_count: number;
  filtered?: number;
  skipped: Array<{identifier: string; reason: string}>;
  claim_type?: {annotations: Record<string, string>};
  /** A declared type's creation or changes, applied before the entries. */
  type_changes?: TypeChanges;
  narrowed_to?: string[];
}

export interface PlanDocument {
  format_version: string;
  tool_version: string;
  created_at: string;
  config_digest: string;
  summary: {create: number; update: number; delete: number; unchanged: number; skipped: number; types_to_claim: number};
  syncs: DocSync[];
  changes: DocChange[];
}

export interface DocumentMeta {
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly configDigest: string;
}

function byName(
  plan: SyncPlan,
  attributes: Readonly<Record<string, AttributeValue>>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const id of plan.ownedAttributeIds) {
    const value = attributes[id];
    if (value !== undefined) out[plan.attributeNames[id] ?? id] = typeof value === 'string' ? value : [...value];
  }
  return out;
}

function docBefore(plan: SyncPlan, entry: CatalogEntry): DocEntry {
  return {
    name: entry.name,
    ...(entry.externalId === undefined ? {} : {external_id: entry.externalId}),
    aliases: [...entry.aliases],
    rank: entry.rank,
    attributes: byName(plan, entry.attributes),
  };
}

/**
 * An updated entry as it was. The plan keeps of it only what changed (in `changes`) and its custom
 * references; every other owned value equalled the desired one (in stored form), so that is shown.
 */
function docBeforeUpdate(plan: SyncPlan, action: UpdateAction): DocEntry {
  const {before, after} = action;
  const changed = new Map(action.changes.map((c) => [c.label, c]));
  const attributes: Record<string, string | string[]> = {};
  for (const id of plan.ownedAttributeIds) {
    const label = plan.attributeNames[id] ?? id;
    const change = changed.get(label);
    const value = change !== undefined ? change.before : (before.attributes[id] ?? after.attributes[id]);
    if (value !== undefined && typeof value !== 'number')
      attributes[label] = typeof value === 'string' ? value : [...value];
  }
  return {
    name: before.name,
    ...(before.externalId === undefined ? {} : {external_id: before.externalId}),
    aliases: [...before.aliases],
    rank: before.rank,
    attributes,
  };
}

function docAfter(plan: SyncPlan, entry: DesiredEntry, before?: CatalogEntry): DocEntry {
  return {
    name: entry.name,
    external_id: entry.externalId,
    aliases: [...(entry.aliases ?? before?.aliases ?? [])],
    rank: entry.rank ?? before?.rank ?? 0,
    attributes: byName(plan, entry.attributes),
  };
}

function toChange(plan: SyncPlan, action: PlanAction): DocChange {
  const base = {sync: plan.sync, action: action.action, external_id: action.externalId, name: action.name};
  switch (action.action) {
    case 'create':
      return {
        ...base,
        after: docAfter(plan, action.after),
        changed: action.fields.map((f) => f.label).filter((l) => l !== 'external_id'),
      };
    case 'update':
      return {
        ...base,
        entry_id: action.entryId,
        before: docBeforeUpdate(plan, action),
        after: docAfter(plan, action.after, action.before),
        changed: action.changes.map((c) => c.label),
        unchanged_fields: action.unchangedFields,
        planned_against: {updated_at: action.before.updatedAt},
      };
    case 'delete':
      return {
        ...base,
        entry_id: action.entryId,
        before: docBefore(plan, action.before),
        changed: [],
        planned_against: {updated_at: action.before.updatedAt},
        reason: action.reason,
      };
  }
}

/** Everything but the changes: the part of the document that stays small whatever the plan's size. */
function documentHead(plans: readonly SyncPlan[], meta: DocumentMeta): Omit<PlanDocument, 'changes'> {
  const summary = summarize(plans);
  return {
    format_version: PLAN_FORMAT_VERSION,
    tool_version: meta.toolVersion,
    created_at: meta.createdAt,
    config_digest: meta.configDigest,
    summary: {
      ...summary,
      unchanged: plans.reduce((n, p) => n + p.unchanged, 0),
      skipped: plans.reduce((n, p) => n + p.skipped.length, 0),
      types_to_claim: plans.filter((p) => p.claimType !== undefined || p.typeChanges !== undefined).length,
    },
    syncs: plans.map((plan) => ({
      name: plan.sync,
      blueprint: plan.blueprint,
      catalog_type_id: plan.catalogTypeId,
      catalog_type_name: plan.catalogTypeName,
      ...(plan.typeName === undefined ? {} : {type_name: plan.typeName}),
      ...(plan.references === undefined ? {} : {references: [...plan.references]}),
      attributes: plan.ownedAttributeIds.map((id) => ({id, name: plan.attributeNames[id] ?? id})),
      unchanged: plan.unchanged,
      unmanaged: plan.unmanaged,
      managed: plan.managed,
      source_count: plan.sourceCount,
      skipped: plan.skipped.map((s) => ({...s})),
      ...(plan.filtered === undefined ? {} : {filtered: plan.filtered}),
      ...(plan.claimType === undefined ? {} : {claim_type: {annotations: {...plan.claimType.annotations}}}),
      ...(plan.typeChanges === undefined ? {} : {type_changes: plan.typeChanges}),
      ...(plan.narrowedTo === undefined ? {} : {narrowed_to: [...plan.narrowedTo]}),
    })),
  };
}

/** The whole document as one value: for small plans and tests. Output goes through planDocumentText. */
export function toPlanDocument(plans: readonly SyncPlan[], meta: DocumentMeta): PlanDocument {
  return {
    ...documentHead(plans, meta),
    changes: plans.flatMap((plan) => plan.actions.map((action) => toChange(plan, action))),
  };
}

/**
 * `JSON.stringify(value, null, 2)`, as it reads `depth` levels down a document: stringified inside
 * `depth` lists, which indent it, then cut out (one string, not a second one for the indentation).
 */
function indented(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each list opens with `[`, a newline and its indentation, and closes with a newline, indentation and `]`.
  return text.slice(depth * depth + 3 * depth, text.length - (depth * depth + depth));
}

/**
 * The document as `JSON.stringify(doc, null, 2)` writes it (and `extra`'s keys after the changes),
 * in pieces: the head, then one change at a time, each serialised when the consumer asks for it. A
 * plan of any size is written without the whole document, or its text, ever being held.
 */
export function* planDocumentText(
  plans: readonly SyncPlan[],
  meta: DocumentMeta,
  extra: Readonly<Record<string, unknown>> = {},
): Generator<string> {
  const head = indented(documentHead(plans, meta), 0);
  yield `${head.slice(0, -2)},\n  "changes": [`;
  let first = true;
  for (const plan of plans) {
    for (const action of plan.actions) {
      yield `${first ? '' : ','}\n    ${indented(toChange(plan, action), 2)}`;
      first = false;
    }
  }
  yield first ? ']' : '\n  ]';
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) yield `,\n  ${JSON.stringify(key)}: ${indented(value, 1)}`;
  }
  yield '\n}\n';
}

// ---- back from a document ----

function byId(sync: DocSync, attributes: Record<string, string | string[]>): Record<string, AttributeValue> {
  const ids = new Map(sync.attributes.map((a) => [a.name, a.id]));
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) out[ids.get(name) ?? name] = value;
  return out;
}

function fieldValue(entry: DocEntry | undefined, label: string): FieldValue {
  if (entry === undefined) return undefined;
  if (label === 'name') return entry.name;
  if (label === 'external_id') return entry.external_id;
  if (label === 'aliases') return entry.aliases;
  if (label === 'rank') return entry.rank;
  return entry.attributes[label];
}

function fields(entry: DocEntry): Array<{label: string; value: FieldValue}> {
  const out: Array<{label: string; value: FieldValue}> = [
    {label: 'external_id', value: entry.external_id},
    {label: 'name', value: entry.name},
  ];
  if (entry.aliases.length > 0) out.push({label: 'aliases', value: entry.aliases});
  if (entry.rank !== 0) out.push({label: 'rank', value: entry.rank});
  for (const [label, value] of Object.entries(entry.attributes)) out.push({label, value});
  return out;
}

function toCurrent(sync: DocSync, change: DocChange, entry: DocEntry): CatalogEntry {
  return {
    id: change.entry_id ?? '',
    name: entry.name,
    ...(entry.external_id === undefined ? {} : {externalId: entry.external_id}),
    aliases: entry.aliases,
    rank: entry.rank,
    attributes: byId(sync, entry.attributes),
    updatedAt: change.planned_against?.updated_at ?? '',
  };
}

function toDesired(sync: DocSync, change: DocChange, entry: DocEntry): DesiredEntry {
  return {
    sourceId: change.external_id,
    externalId: change.external_id,
    name: entry.name,
    aliases: entry.aliases,
    rank: entry.rank,
    attributes: byId(sync, entry.attributes),
  };
}

function fromChange(sync: DocSync, change: DocChange): PlanAction {
  const {external_id: externalId, name} = change;
  if (change.action === 'create')
    return {
      action: 'create',
      externalId,
      name,
      after: toDesired(sync, change, change.after!),
      fields: fields(change.after!),
    };
  if (change.action === 'delete') {
    return {
      action: 'delete',
      externalId,
      name,
      entryId: change.entry_id!,
      before: toCurrent(sync, change, change.before!),
      fields: fields(change.before!),
      reason: change.reason ?? '',
    };
  }
  const changes: FieldChange[] = change.changed.map((label) => ({
    label,
    before: fieldValue(change.before, label),
    after: fieldValue(change.after, label),
  }));
  return {
    action: 'update',
    externalId,
    name,
    entryId: change.entry_id!,
    before: toCurrent(sync, change, change.before!),
    after: toDesired(sync, change, change.after!),
    changes,
    unchangedFields: change.unchanged_fields ?? 0,
  };
}

/** The plans a (schema-checked) document describes, ready to render or apply. */
export function fromPlanDocument(doc: PlanDocument): SyncPlan[] {
  return doc.syncs.map((sync) => ({
    sync: sync.name,
    blueprint: sync.blueprint,
    catalogTypeId: sync.catalog_type_id,
    catalogTypeName: sync.catalog_type_name,
    ...(sync.type_name === undefined ? {} : {typeName: sync.type_name}),
    ...(sync.references === undefined ? {} : {references: sync.references}),
    ownedAttributeIds: sync.attributes.map((a) => a.id),
    attributeNames: Object.fromEntries(sync.attributes.map((a) => [a.id, a.name])),
    actions: doc.changes.filter((c) => c.sync === sync.name).map((c) => fromChange(sync, c)),
    unchanged: sync.unchanged,
    unmanaged: sync.unmanaged,
    managed: sync.managed,
    sourceCount: sync.source_count,
    skipped: sync.skipped,
    ...(sync.filtered === undefined ? {} : {filtered: sync.filtered}),
    ...(sync.claim_type === undefined ? {} : {claimType: {annotations: sync.claim_type.annotations}}),
    ...(sync.type_changes === undefined ? {} : {typeChanges: sync.type_changes}),
    ...(sync.narrowed_to === undefined ? {} : {narrowedTo: sync.narrowed_to}),
  }));
}
