// Reads both sides for every sync, in dependency order, maps, computes the plans, then applies
// the policies: prune, ownership, narrowing (--target / --sync) and the guards. Reads only.
import {DanglingReferenceError, GuardError} from '../core/errors.js';
import type {CatalogEntry, CatalogTypeSchema} from '../core/model.js';
import {isReference} from '../core/normalize.js';
import {computePlan} from '../core/planner.js';
import {applyPrunePolicy, checkGuards, checkOwnership, narrow} from '../core/policies.js';
import type {CatalogReader, EntitySource} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {planType, typeNeedsWrite, type TypeChanges} from '../core/type-planner.js';
import type {SyncSpec} from '../config/types.js';
import {mapEntities, type MappingResult} from '../mapping/map-entities.js';
import {findTypeIfExists} from './find-type.js';
import type {LoadedSyncs} from './load.js';

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

/** What a planned sync leaves for the syncs that reference its type. */
interface Produced {
  readonly sync: string;
  readonly externalIds: ReadonlySet<string>;
  /** entry ID → external ID of the entries there now. */
  readonly ids: ReadonlyMap<string, string>;
}

interface TypeRead {
  schema: CatalogTypeSchema;
  current: CatalogEntry[];
  typeChanges?: TypeChanges;
  exists: boolean;
  /** The type's annotations as they are now, for the ownership check (a planned schema already claims the type). */
  liveAnnotations: Readonly<Record<string, string>>;
}

async function readType(spec: SyncSpec, target: CatalogReader): Promise<TypeRead> {
  if (spec.declaredType === undefined) {
    const schema = await target.findType(spec.catalogType);
    return {schema, current: await target.listEntries(schema.id), exists: true, liveAnnotations: schema.annotations};
  }
  const existing = await findTypeIfExists(target, spec.catalogType);
  const {changes, schema} = planType(spec.declaredType, existing, spec.name);
  const current = existing === undefined ? [] : await target.listEntries(existing.id);
  return {
    schema, current, exists: existing !== undefined, liveAnnotations: existing?.annotations ?? {},
    ...(typeNeedsWrite(changes) ? {typeChanges: changes} : {}),
  };
}

function checkReferences(spec: SyncSpec, schema: CatalogTypeSchema, mapped: MappingResult, produced: ReadonlyMap<string, Produced>): Map<string, ReadonlyMap<string, string>> {
  const problems: string[] = [];
  const referenceIds = new Map<string, ReadonlyMap<string, string>>();
  for (const attribute of schema.attributes.filter((a) => isReference(a) && mapped.ownedAttributeIds.includes(a.id))) {
    const other = produced.get(attribute.type);
    if (other === undefined) continue; // a type no sync here manages: incident.io checks it
    referenceIds.set(attribute.id, other.ids);
    for (const entry of mapped.desired) {
      const value = entry.attributes[attribute.id];
      for (const ref of value === undefined ? [] : typeof value === 'string' ? [value] : value) {
        if (!other.externalIds.has(ref)) problems.push(`sync "${spec.name}", entity "${entry.sourceId}", attribute "${attribute.name}" → "${ref}": sync "${other.sync}" produces no entry with that external ID`);
      }
    }
  }
  if (problems.length > 0) throw new DanglingReferenceError(problems);
  return referenceIds;
}

export async function buildPlans(loaded: LoadedSyncs, source: EntitySource, target: CatalogReader, options: PlanPolicyOptions = NO_POLICY_OVERRIDES): Promise<SyncPlan[]> {
  const specs = loaded.config.syncs;
  const targets = options.targets.length > 0 ? new Set(options.targets) : undefined;
  const produced = new Map<string, Produced>();
  const plans: SyncPlan[] = [];
  for (const name of loaded.order) {
    const i = specs.findIndex((s) => s.name === name);
    const spec = specs[i]!;
    const [entities, {schema, current, typeChanges, exists, liveAnnotations}] = await Promise.all([
      source.listEntities(spec.blueprint, spec.query), readType(spec, target),
    ]);
    const mapped = await mapEntities(loaded.syncs[i]!, schema, entities);
    const referenceIds = checkReferences(spec, schema, mapped, produced);
    produced.set(schema.typeName, {
      sync: spec.name, externalIds: new Set(mapped.desired.map((d) => d.externalId)),
      ids: new Map(current.filter((e) => e.externalId !== undefined).map((e) => [e.id, e.externalId!])),
    });
    if (options.syncs.length > 0 && !options.syncs.includes(spec.name)) continue;
    let plan = computePlan({
      sync: spec.name, blueprint: spec.blueprint, schema, ownedAttributeIds: mapped.ownedAttributeIds, referenceIds,
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
    plans.push(checkGuards(narrow(plan, targets), {allowEmptySource: options.allowEmptySource, allowMassDelete: options.allowMassDelete, maxDeletePercent: spec.maxDeletePercent}));
  }
  return plans;
}
