// Reads every sync's type, orders the syncs by the references the types hold, then per sync reads
// both sides, maps, resolves references, computes the plan and applies the policies: prune,
// ownership, narrowing (--target / --sync) and the guards. Reads only.
import {GuardError} from '../core/errors.js';
import {startPlan, type PlanBuilder} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogTypeSchema} from '../core/model.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {createMapper, type CompiledSync, type MappingResult} from '../mapping/map-entities.js';
import type {SyncSpec} from '../config/types.js';
import {readAhead} from './read-ahead.js';
import type {LoadedSyncs} from './load.js';
import {orderByTypes, readSyncTypes} from './read-types.js';
import {ReferenceResolver} from './resolve-references.js';

export interface PlanPolicyOptions {
  readonly adopt: boolean;
  readonly allowEmptySource: boolean;
  readonly allowMassDelete: boolean;
  /** Removing a declared attribute destroys its values: refused without this. */
  readonly allowAttributeRemoval?: boolean;
  /** External IDs to keep (--target); empty for all. */
  readonly targets: readonly string[];
  /** Sync names to plan (--sync); empty for all. */
  readonly syncs: readonly string[];
}

export const NO_POLICY_OVERRIDES: PlanPolicyOptions = {adopt: false, allowEmptySource: false, allowMassDelete: false, targets: [], syncs: []};

/** Catalog pages read ahead while Port is read (250 entries each): at most this many wait to be compared. */
const PAGES_AHEAD = 8;

/**
 * Reads one sync's two sides at once, keeping little of either: each Port page is mapped and
 * dropped (Port sends only the fields the mapping reads), then each catalog page, read ahead
 * meanwhile, is compared with the desired entries and dropped.
 */
async function readSync(
  compiled: CompiledSync, spec: SyncSpec, schema: CatalogTypeSchema, exists: boolean, source: EntitySource, target: CatalogReader,
): Promise<{mapped: MappingResult; sourceCount: number; builder: PlanBuilder}> {
  const entries = exists ? readAhead(target.entryPages(schema.id), PAGES_AHEAD) : undefined;
  try {
    const mapper = createMapper(compiled, schema);
    let sourceCount = 0;
    const options = {
      ...(spec.query === undefined ? {} : {query: spec.query}), ...(compiled.include === undefined ? {} : {include: compiled.include}),
    };
    for await (const page of source.entityPages(spec.blueprint, options)) {
      sourceCount += page.length;
      await mapper.add(page);
    }
    const mapped = mapper.result();
    const builder = startPlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds,
      desired: mapped.desired, skipped: mapped.skipped, sourceCount, filtered: mapped.filtered,
    });
    for await (const page of entries ?? []) builder.addCurrent(page);
    return {mapped, sourceCount, builder};
  } finally {
    entries?.stop();
  }
}

export async function buildPlans(loaded: LoadedSyncs, source: EntitySource, target: CatalogReader, options: PlanPolicyOptions = NO_POLICY_OVERRIDES): Promise<SyncPlan[]> {
  const specs = loaded.config.syncs;
  const targets = options.targets.length > 0 ? new Set(options.targets) : undefined;
  // Types first: the order depends on the references their live attributes hold.
  const types = await readSyncTypes(loaded, target);
  const references = new ReferenceResolver(target);
  const plans: SyncPlan[] = [];
  for (const name of orderByTypes(loaded, types)) {
    const i = specs.findIndex((s) => s.name === name);
    const spec = specs[i]!;
    const {schema, exists, typeChanges} = types.get(name)!;
    const {mapped, sourceCount, builder} = await readSync(loaded.syncs[i]!, spec, schema, exists, source, target);
    const current = builder.current;
    const sync = {sync: spec.name, schema, mapped, current, prune: spec.prune};
    references.addSynced(sync); // before --sync skips it: the syncs planned may reference its type
    if (options.syncs.length > 0 && !options.syncs.includes(spec.name)) continue;
    const referenceKeys = await references.keysFor(sync);
    let plan = builder.finish(referenceKeys);
    plan = applyPrunePolicy(plan, spec.prune);
    if (exists) plan = checkOwnership(plan, schema.annotations, options.adopt);
    if (typeChanges !== undefined) {
      if (typeChanges.removed.length > 0 && options.allowAttributeRemoval !== true) {
        throw new GuardError(spec.name, `removing attribute${typeChanges.removed.length > 1 ? 's' : ''} ${typeChanges.removed.map((a) => `"${a.name}"`).join(', ')} from catalog type "${schema.name}" destroys ${typeChanges.removed.length > 1 ? 'their' : 'its'} values in every entry.`, '--allow-attribute-removal');
      }
      const {claimType: _claim, ...rest} = plan; // the type write carries the ownership annotation
      plan = {...rest, typeChanges};
    }
    plans.push(checkGuards(narrow(plan, targets, mapped.desired, current), {allowEmptySource: options.allowEmptySource, allowMassDelete: options.allowMassDelete, maxDeletePercent: spec.maxDeletePercent}));
  }
  return plans;
}


