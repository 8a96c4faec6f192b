// Reads every sync's type, orders the syncs by the references the types hold, then per sync reads
// both sides, maps, resolves references, computes the plan and applies the policies: prune,
// ownership, narrowing (--target / --sync) and the guards. A targeted run (--target) reads only the
// syncs it plans, and of those only the targets' entities and entries (app/read-targeted.ts). Reads only.
import {GuardError} from '../core/errors.js';
import type {CatalogEntry, CatalogTypeSchema} from '../core/model.js';
import {startPlan, type PlanBuilder, type SourceTally} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import type {SyncSpec} from '../config/types.js';
import {
  createMapper,
  mapEntities,
  type CompiledSync,
  type MappingResult,
  type MappingTally,
} from '../mapping/map-entities.js';
import {readAhead} from './read-ahead.js';
import type {LoadedSyncs} from './load.js';
import {
  checkTargetedOwnership,
  externalIdIsIdentifier,
  readTargetEntities,
  readTargetEntries,
  targetExternalIds,
} from './read-targeted.js';
import {orderByTypes, readSyncTypes} from './read-types.js';
import {ReferenceResolver, type SyncReferences} from './resolve-references.js';
import {readTypesOnce} from './types-once.js';

export interface PlanPolicyOptions {
  readonly adopt: boolean;
  readonly allowEmptySource: boolean;
  readonly allowMassDelete: boolean;
  /** Removing a declared attribute destroys its values: refused without this. */
  readonly allowAttributeRemoval?: boolean;
  /** Port entity identifiers to plan (--target, --targets-from): only their entries; empty for all. */
  readonly targets: readonly string[];
  /** Sync names to plan (--sync); empty for all. */
  readonly syncs: readonly string[];
}

export const NO_POLICY_OVERRIDES: PlanPolicyOptions = {
  adopt: false,
  allowEmptySource: false,
  allowMassDelete: false,
  targets: [],
  syncs: [],
};

/** Pages requested before they are asked for: the next one is on its way while one is compared. */
const PAGES_AHEAD = 1;
/**
 * Catalog entries held whole while their Port entity is not read yet. Port and the catalog are read
 * at once, and an entry is compared as soon as both sides of it are known; when their orders differ
 * this many entries wait, then the catalog waits for Port (about 16 catalog pages).
 */
const WAITING_LIMIT = 4_000;

/** One sync's two sides, read: the plan waits for the reference keys (`builder.finish`). */
interface SyncSides {
  readonly mapped: MappingResult;
  readonly builder: PlanBuilder;
  readonly tally: SourceTally;
}

function planStart(spec: SyncSpec, schema: CatalogTypeSchema, ownedAttributeIds: readonly string[]): PlanBuilder {
  return startPlan({sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds});
}

/** Settles both, then throws the first failure in the order given (Port's before the catalog's). */
async function settleBoth(first: Promise<void>, second: Promise<void>, between: () => void): Promise<void> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  between();
  if (b.status === 'rejected') throw b.reason;
}

/**
 * Reads one sync's two sides at once, keeping little of either: each Port page is mapped and
 * dropped (Port sends only the fields the mapping reads), each catalog page is compared with the
 * desired entries known so far and dropped; entries whose Port entity is not read yet wait for it.
 * A failure on either side stops the other.
 */
async function readAll(
  compiled: CompiledSync,
  spec: SyncSpec,
  schema: CatalogTypeSchema,
  exists: boolean,
  source: EntitySource,
  target: CatalogReader,
): Promise<SyncSides> {
  const mapper = createMapper(compiled, schema);
  const builder = planStart(spec, schema, mapper.ownedAttributeIds);
  let sourceCount = 0;
  let portRead = false;
  let failed = false;
  let wakeCatalog: (() => void) | undefined;
  const wake = (): void => {
    const resume = wakeCatalog;
    wakeCatalog = undefined;
    resume?.();
  };
  const stopOnFailure = (error: unknown): never => {
    failed = true;
    wake();
    throw error;
  };
  const options = {
    ...(spec.query === undefined ? {} : {query: spec.query}),
    ...(compiled.include === undefined ? {} : {include: compiled.include}),
  };
  const port = (async () => {
    for await (const page of readAhead(source.entityPages(spec.blueprint, options), PAGES_AHEAD)) {
      if (failed) return;
      sourceCount += page.length;
      builder.addDesired(await mapper.add(page));
      wake();
    }
  })()
    .catch(stopOnFailure)
    .finally(() => {
      portRead = true;
      wake();
    });
  const catalog = (async () => {
    if (!exists) return;
    for await (const page of readAhead(target.entryPages(schema.id), PAGES_AHEAD)) {
      builder.addCurrent(page);
      while (!portRead && !failed && builder.waiting >= WAITING_LIMIT) {
        await new Promise<void>((resolve) => (wakeCatalog = resolve));
      }
      if (failed) return;
    }
  })().catch(stopOnFailure);
  let tally: MappingTally | undefined;
  // A mapping error outranks a failed catalog read, as when Port was read first.
  await settleBoth(port, catalog, () => (tally = mapper.result()));
  const mapped = {...tally!, desired: builder.desired};
  return {mapped, builder, tally: {skipped: tally!.skipped, sourceCount, filtered: tally!.filtered}};
}

/** The targets' entities and their entries only; both at once when external IDs are identifiers. */
async function readTargeted(
  compiled: CompiledSync,
  spec: SyncSpec,
  schema: CatalogTypeSchema,
  exists: boolean,
  source: EntitySource,
  reader: CatalogReader,
  targets: readonly string[],
): Promise<SyncSides> {
  const entries = (externalIds: readonly string[]): Promise<CatalogEntry[]> =>
    exists ? readTargetEntries(reader, schema, externalIds) : Promise.resolve([]);
  const both = externalIdIsIdentifier(spec);
  const [entities, known] = await Promise.all([
    readTargetEntities(source, spec, targets),
    both ? entries(targetExternalIds(spec, [], targets)) : undefined,
  ]);
  const mapped = await mapEntities(compiled, schema, entities);
  const current = known ?? (await entries(targetExternalIds(spec, mapped.desired, targets)));
  const builder = planStart(spec, schema, mapped.ownedAttributeIds);
  builder.addDesired(mapped.desired);
  builder.addCurrent(current);
  const tally = {skipped: mapped.skipped, sourceCount: entities.length, filtered: mapped.filtered};
  return {mapped: {...mapped, desired: builder.desired}, builder, tally};
}

export async function buildPlans(
  loaded: LoadedSyncs,
  source: EntitySource,
  target: CatalogReader,
  options: PlanPolicyOptions = NO_POLICY_OVERRIDES,
): Promise<SyncPlan[]> {
  const specs = loaded.config.syncs;
  const targeted = options.targets.length > 0;
  const targets = targeted ? new Set(options.targets) : undefined;
  const planned = (name: string): boolean => options.syncs.length === 0 || options.syncs.includes(name);
  const reader = readTypesOnce(target); // one GET /v3/catalog_types for every type the plan reads
  // Types first: the order depends on the references their live attributes hold.
  const types = await readSyncTypes(loaded, reader);
  const references = new ReferenceResolver(reader, !targeted);
  // Every sync's side of the references first: a sync may reference a type whose sync comes later
  // when types reference each other. A sync left out by --sync writes nothing: its live entries only.
  const read: Array<{i: number; sides: SyncSides; sync: SyncReferences}> = [];
  for (const name of orderByTypes(loaded, types)) {
    // A targeted run reads no sync it does not plan: references into its type are looked up instead.
    if (targeted && !planned(name)) continue;
    const i = specs.findIndex((s) => s.name === name);
    const spec = specs[i]!;
    const {schema, exists} = types.get(name)!;
    if (!planned(name)) {
      // A targeted run reads no sync it does not plan: references into its type are looked up instead.
      if (!targeted) references.addLive(spec.name, schema, exists ? await reader.listEntries(schema.id) : []);
      continue;
    }
    const sides = targeted
      ? await readTargeted(loaded.syncs[i]!, spec, schema, exists, source, reader, options.targets)
      : await readAll(loaded.syncs[i]!, spec, schema, exists, source, reader);
    const sync = {sync: spec.name, schema, mapped: sides.mapped, current: sides.builder.current, prune: spec.prune};
    references.addSynced(sync, !targeted);
    read.push({i, sides, sync});
  }
  const plans: SyncPlan[] = [];
  for (const {i, sides, sync} of read) {
    const spec = specs[i]!;
    const {schema, mapped, current} = sync;
    const {builder, tally} = sides;
    const {exists, typeChanges, liveAnnotations} = types.get(spec.name)!;
    const referenceKeys = await references.keysFor(sync);
    let plan = builder.finish(tally, referenceKeys);
    plan = applyPrunePolicy(plan, spec.prune);
    if (exists) {
      plan = targeted
        ? await checkTargetedOwnership(plan, schema, liveAnnotations, reader, options.adopt)
        : checkOwnership(plan, liveAnnotations, options.adopt);
    }
    if (typeChanges !== undefined) {
      if (typeChanges.removed.length > 0 && options.allowAttributeRemoval !== true) {
        throw new GuardError(
          spec.name,
          `removing attribute${typeChanges.removed.length > 1 ? 's' : ''} ${typeChanges.removed.map((a) => `"${a.name}"`).join(', ')} from catalog type "${schema.name}" destroys ${typeChanges.removed.length > 1 ? 'their' : 'its'} values in every entry.`,
          '--allow-attribute-removal',
        );
      }
      const {claimType: _claim, ...rest} = plan; // the type write carries the ownership annotation
      plan = {...rest, typeChanges};
    }
    plan = narrow(plan, targets, mapped.desired, current);
    if (targeted && !externalIdIsIdentifier(spec)) {
      // An entity Port answered for but the filter left out (or that was skipped) maps to no external
      // ID either: its entry, if any, is the full run's to judge, like a gone entity's.
      const mapped = new Set(sides.mapped.desired.map((d) => d.sourceId));
      plan = {...plan, targetsNotLookedUp: options.targets.filter((t) => !mapped.has(t))};
    }
    // A targeted plan saw only its targets' entries: the type's size comes from its estimated_count.
    const estimated = schema.estimatedCount;
    const size = targeted && exists && estimated !== undefined ? {entriesInType: estimated} : {};
    plans.push(
      checkGuards(plan, {
        allowEmptySource: options.allowEmptySource,
        allowMassDelete: options.allowMassDelete,
        maxDeletePercent: spec.maxDeletePercent,
        ...size,
      }),
    );
  }
  return plans;
}
