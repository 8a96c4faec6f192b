// Reads both sides for every sync (in parallel), maps, computes the plans, then applies the
// policies: prune, ownership, narrowing (--target / --sync) and the guards. Reads only.
import {computePlan} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {mapEntities} from '../mapping/map-entities.js';
import type {LoadedSyncs} from './load.js';

export interface PlanPolicyOptions {
  readonly adopt: boolean;
  readonly allowEmptySource: boolean;
  readonly allowMassDelete: boolean;
  /** External IDs to keep (--target); empty for all. */
  readonly targets: readonly string[];
  /** Sync names to plan (--sync); empty for all. */
  readonly syncs: readonly string[];
}

export const NO_POLICY_OVERRIDES: PlanPolicyOptions = {adopt: false, allowEmptySource: false, allowMassDelete: false, targets: [], syncs: []};

export async function buildPlans(loaded: LoadedSyncs, source: EntitySource, target: CatalogReader, options: PlanPolicyOptions = NO_POLICY_OVERRIDES): Promise<SyncPlan[]> {
  const plans: SyncPlan[] = [];
  const targets = options.targets.length > 0 ? new Set(options.targets) : undefined;
  for (const [i, spec] of loaded.config.syncs.entries()) {
    if (options.syncs.length > 0 && !options.syncs.includes(spec.name)) continue;
    const compiled = loaded.syncs[i]!;
    const [entities, {schema, current}] = await Promise.all([
      source.listEntities(spec.blueprint, spec.query),
      target.findType(spec.catalogType).then(async (schema) => ({schema, current: await target.listEntries(schema.id)})),
    ]);
    const mapped = await mapEntities(compiled, schema, entities);
    const plan = computePlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds,
      desired: mapped.desired, current, skipped: mapped.skipped, sourceCount: entities.length, filtered: mapped.filtered,
    });
    const owned = checkOwnership(applyPrunePolicy(plan, spec.prune), schema.annotations, options.adopt);
    plans.push(checkGuards(narrow(owned, targets), {allowEmptySource: options.allowEmptySource, allowMassDelete: options.allowMassDelete, maxDeletePercent: spec.maxDeletePercent}));
  }
  return plans;
}
