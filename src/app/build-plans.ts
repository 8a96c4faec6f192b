// Reads every sync's type, orders the syncs by the references the types hold, then per sync reads
// both sides, maps, resolves references, computes the plan and applies the policies: prune,
// ownership, narrowing (--target / --sync) and the guards. Reads only.
import {GuardError} from '../core/errors.js';
import {computePlan} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogEntry} from '../core/model.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {mapEntities} from '../mapping/map-entities.js';
import type {LoadedSyncs} from './load.js';
import {orderByTypes, readSyncTypes} from './read-types.js';
import {ReferenceResolver, type SyncReferences} from './resolve-references.js';

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
  const included = (name: string): boolean => options.syncs.length === 0 || options.syncs.includes(name);
  // Every sync's side of the references first: a sync may reference a type whose sync comes later
  // when types reference each other. A sync left out by --sync writes nothing: its live entries only.
  const read: Array<{i: number; entities: number; sync: SyncReferences}> = [];
  for (const name of orderByTypes(loaded, types)) {
    const i = specs.findIndex((s) => s.name === name);
    const spec = specs[i]!;
    const {schema, exists} = types.get(name)!;
    const listCurrent = (): Promise<CatalogEntry[]> => (exists ? target.listEntries(schema.id) : Promise.resolve([]));
    if (!included(name)) {
      references.addLive(spec.name, schema, await listCurrent());
      continue;
    }
    const [entities, current] = await Promise.all([source.listEntities(spec.blueprint, spec.query), listCurrent()]);
    const mapped = await mapEntities(loaded.syncs[i]!, schema, entities);
    const sync = {sync: spec.name, schema, mapped, current, prune: spec.prune};
    references.addSynced(sync);
    read.push({i, entities: entities.length, sync});
  }
  const plans: SyncPlan[] = [];
  for (const {i, entities, sync} of read) {
    const spec = specs[i]!;
    const {schema, mapped, current} = sync;
    const {exists, typeChanges, liveAnnotations} = types.get(spec.name)!;
    const referenceKeys = await references.keysFor(sync);
    let plan = computePlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds, referenceKeys,
      desired: mapped.desired, current, skipped: mapped.skipped, sourceCount: entities, filtered: mapped.filtered,
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
