// What a targeted run (--target) reads of one sync: the targets' entities (the sync's query AND
// `$identifier in [targets]`) and the entries they map to (one identifier lookup each), so that its
// cost does not grow with the catalog. Reads only; build-plans decides what they mean.
//
// Assumption (the issue is silent): a target is a Port entity identifier. Its entry is the one the
// sync's mapping yields for the entity. When the entity is gone (or left out by the query), the
// entry is looked up with the target as its external ID, which is right only when the sync's
// externalId is the plain `identifier` path; with any other expression a gone entity's entry cannot
// be told from its identifier, so it is left to the next full run (and the run says so).
import type {PortQuery, SyncSpec} from '../config/types.js';
import type {CatalogEntry, CatalogTypeSchema, DesiredEntry, SourceEntity} from '../core/model.js';
import type {SyncPlan} from '../core/plan.js';
import {checkOwnership, OWNER_ANNOTATION} from '../core/policies.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import {readEntriesNamed} from './read-entries.js';

/** Identifiers per Port search: keeps the request body far below Port's 1 MiB limit. */
export const TARGETS_PER_SEARCH = 500;

/** The sync's own query AND `$identifier in [identifiers]`; an `and` query takes the rule among its own. */
export function targetQuery(query: PortQuery | undefined, identifiers: readonly string[]): PortQuery {
  const rule = {property: '$identifier', operator: 'in', value: [...identifiers]};
  if (query === undefined || query.rules.length === 0) return {combinator: 'and', rules: [rule]};
  if (query.combinator === 'and') return {combinator: 'and', rules: [...query.rules, rule]};
  return {combinator: 'and', rules: [query, rule]};
}

/** True when the sync's external ID is the entity's identifier: a gone entity's entry has the target as external ID. */
export function externalIdIsIdentifier(spec: SyncSpec): boolean {
  return spec.externalId.source.trim() === 'identifier';
}

/** The targets' entities that the sync's query selects, in searches of at most TARGETS_PER_SEARCH identifiers. */
export async function readTargetEntities(
  source: EntitySource,
  spec: SyncSpec,
  targets: readonly string[],
): Promise<SourceEntity[]> {
  const entities: SourceEntity[] = [];
  for (let i = 0; i < targets.length; i += TARGETS_PER_SEARCH) {
    const chunk = targets.slice(i, i + TARGETS_PER_SEARCH);
    entities.push(...(await source.listEntities(spec.blueprint, targetQuery(spec.query, chunk))));
  }
  // Port applies the rule; an entity it answers with anyway was not asked for, and is not this run's to write.
  const wanted = new Set(targets);
  return entities.filter((entity) => wanted.has(entity.identifier));
}

/**
 * The external IDs whose entries a targeted run compares: those the targets' entities map to and,
 * when external IDs are identifiers, the targets themselves (a gone entity's entry).
 */
export function targetExternalIds(
  spec: SyncSpec,
  desired: readonly DesiredEntry[],
  targets: readonly string[],
): string[] {
  const mapped = desired.map((d) => d.externalId);
  return [...new Set(externalIdIsIdentifier(spec) ? [...targets, ...mapped] : mapped)];
}

/** The live entries whose external ID is one of `externalIds`: one lookup each, or the list when cheaper. */
export async function readTargetEntries(
  reader: CatalogReader,
  schema: CatalogTypeSchema,
  externalIds: readonly string[],
): Promise<CatalogEntry[]> {
  const wanted = new Set(externalIds);
  const {entries} = await readEntriesNamed(reader, schema, [...wanted]);
  // A lookup also answers with the entries that have the identifier as ID or alias: other entries, never compared.
  return entries.filter((entry) => entry.externalId !== undefined && wanted.has(entry.externalId));
}

/**
 * The ownership check of a targeted plan. It saw only its targets' entries, while --adopt is judged on
 * the whole type: before it claims an unclaimed type it lists the type once, as a full run would (a
 * type is claimed once; after that a targeted run never lists it).
 */
export async function checkTargetedOwnership(
  plan: SyncPlan,
  schema: CatalogTypeSchema,
  annotations: Readonly<Record<string, string>>,
  reader: CatalogReader,
  adopt: boolean,
): Promise<SyncPlan> {
  const owner = annotations[OWNER_ANNOTATION];
  const claims = (owner === undefined || owner === '') && !adopt && plan.actions.length > 0;
  if (!claims) return checkOwnership(plan, annotations, adopt);
  const managed = (await reader.listEntries(schema.id)).filter((entry) => entry.externalId !== undefined).length;
  return {...checkOwnership({...plan, managed}, annotations, adopt), managed: plan.managed};
}
