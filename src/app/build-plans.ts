// Reads both sides for every sync (in parallel), maps, and computes the plans. Reads only.
import type {CatalogReader, EntitySource} from '../core/ports.js';
import {computePlan} from '../core/planner.js';
import {applyPrunePolicy} from '../core/policies.js';
import type {SyncPlan} from '../core/plan.js';
import {mapEntities} from '../mapping/map-entities.js';
import type {LoadedSyncs} from './load.js';

export async function buildPlans(loaded: LoadedSyncs, source: EntitySource, target: CatalogReader): Promise<SyncPlan[]> {
  const plans: SyncPlan[] = [];
  for (const [i, spec] of loaded.config.syncs.entries()) {
    const compiled = loaded.syncs[i]!;
    const [entities, {schema, current}] = await Promise.all([
      source.listEntities(spec.blueprint),
      target.findType(spec.catalogType).then(async (schema) => ({schema, current: await target.listEntries(schema.id)})),
    ]);
    const mapped = await mapEntities(compiled, schema, entities);
    const plan = computePlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds,
      desired: mapped.desired, current, skipped: mapped.skipped,
    });
    plans.push(applyPrunePolicy(plan, spec.prune));
  }
  return plans;
}
