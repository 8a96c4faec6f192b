// Reads every sync's type, orders the syncs by the references the types hold, then per sync reads
// both sides, maps, resolves references, computes the plan and applies the policies: prune,
// ownership, narrowing (--target / --sync) and the guards. Reads only.
import {GuardError} from '../core/errors.js';
import {computePlan} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {mapEntities} from '../mapping/map-entities.js';
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
    const {schema, exists, typeChanges, liveAnnotations} = types.get(name)!;
    const [entities, current] = await Promise.all([
      source.listEntities(spec.blueprint, spec.query),
      exists ? target.listEntries(schema.id) : Promise.resolve([]),
    ]);
    const mapped = await mapEntities(loaded.syncs[i]!, schema, entities);
    const sync = {sync: spec.name, schema, mapped, current, prune: spec.prune};
    references.addSynced(sync); // before --sync skips it: the syncs planned may reference its type
    if (options.syncs.length > 0 && !options.syncs.includes(spec.name)) continue;
    const referenceKeys = await references.keysFor(sync);
    let plan = computePlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds, referenceKeys,
      desired: mapped.desired, current, skipped: mapped.skipped, sourceCount: entities.length, filtered: mapped.filtered,
    });
    plan = applyPrunePolicy(plan, spec.prune);
    if (exists) plan = checkOwnership(plan, liveAnnotations, options.adopt);
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
