// Safety rules as small filters on a plan value: each takes a plan and returns a plan, or
// refuses with a GuardError naming its override. They look only at the plan and their options.
import {GuardError} from './errors.js';
import {OWNER_ANNOTATION} from './model.js';
import type {SyncPlan} from './plan.js';

/** incident.io holds at most this many entries per catalog type. */
export const MAX_ENTRIES_PER_TYPE = 50_000;
export const MASS_DELETE_FLOOR = 10;
export {OWNER_ANNOTATION} from './model.js';

/** `prune: false`: the sync adds and updates but never deletes. */
export function withoutDeletes(plan: SyncPlan): SyncPlan {
  return {...plan, actions: plan.actions.filter((action) => action.action !== 'delete')};
}

export function applyPrunePolicy(plan: SyncPlan, prune: boolean): SyncPlan {
  return prune ? plan : withoutDeletes(plan);
}

/** Entities mapped or entries read: anything with an external ID. */
export type KnownEntries = ReadonlyArray<{readonly externalId?: string | undefined}>;

/**
 * --target: keep only the named entries; nothing outside them is written or deleted. `known` lists
 * the sync's entities and entries, to tell which targets it has at all (`targetsFound`). With no
 * action left, the type is not created, changed or claimed either: there is nothing to write into it.
 */
export function narrow(plan: SyncPlan, targets: ReadonlySet<string> | undefined, ...known: KnownEntries[]): SyncPlan {
  if (targets === undefined || targets.size === 0) return plan;
  const found = new Set<string>();
  for (const list of known) {
    for (const {externalId} of list) if (externalId !== undefined && targets.has(externalId)) found.add(externalId);
  }
  const actions = plan.actions.filter((a) => targets.has(a.externalId));
  const {claimType, typeChanges, ...rest} = plan;
  const type = {...(claimType === undefined ? {} : {claimType}), ...(typeChanges === undefined ? {} : {typeChanges})};
  return {...rest, ...(actions.length > 0 ? type : {}), actions, narrowedTo: [...targets], targetsFound: [...found]};
}

export interface GuardOptions {
  readonly allowEmptySource: boolean;
  readonly allowMassDelete: boolean;
  /** Deleting more than this share of the owned entries (and more than 10) is refused. */
  readonly maxDeletePercent: number;
}

/** "all 8 entities … were skipped (first: entity "x": external ID is empty)", or left out by the filter. */
function whyNothingIsDesired(plan: SyncPlan): string {
  const all = `all ${plan.sourceCount} entities Port returned for blueprint "${plan.blueprint}"`;
  const first = plan.skipped[0];
  const skipped = first === undefined ? '' : `first: entity "${first.identifier}": ${first.reason}`;
  const filtered = plan.filtered ?? 0;
  if (filtered === 0) return `${all} were skipped (${skipped})`;
  if (first === undefined) return `${all} were left out by the filter`;
  return `${all} were left out (${filtered} by the filter; ${plan.skipped.length} skipped, ${skipped})`;
}

/** Refuses plans that would empty or overfill a catalog type. */
export function checkGuards(plan: SyncPlan, options: GuardOptions): SyncPlan {
  if (plan.sourceCount === 0 && plan.managed > 0 && !options.allowEmptySource) {
    throw new GuardError(plan.sync, `Port returned 0 entities for blueprint "${plan.blueprint}" while catalog type "${plan.catalogTypeName}" holds ${plan.managed} synced entries; refusing to delete them all (an empty answer is more often an upstream fault than an intent).`, '--allow-empty-source');
  }
  const desired = plan.sourceCount - (plan.filtered ?? 0) - plan.skipped.length;
  const deletesAll = plan.managed > 0 && plan.actions.some((a) => a.action === 'delete');
  if (plan.sourceCount > 0 && desired <= 0 && deletesAll && !options.allowEmptySource) {
    const holds = `catalog type "${plan.catalogTypeName}" holds ${plan.managed} synced entries`;
    const why = 'a typo in the entry mapping or the filter is more likely than an intent';
    const reason = `${whyNothingIsDesired(plan)}, so no entry is desired while ${holds}; refusing to delete them all`;
    throw new GuardError(plan.sync, `${reason} (${why}).`, '--allow-empty-source');
  }
  const deletes = plan.actions.filter((a) => a.action === 'delete').length;
  const share = plan.managed === 0 ? 0 : (deletes / plan.managed) * 100;
  if (deletes > MASS_DELETE_FLOOR && share > options.maxDeletePercent && !options.allowMassDelete) {
    throw new GuardError(plan.sync, `the plan deletes ${deletes} of ${plan.managed} synced entries (${share.toFixed(1)}%), more than maxDeletePercent (${options.maxDeletePercent}%).`, '--allow-mass-delete');
  }
  const creates = plan.actions.filter((a) => a.action === 'create').length;
  const after = plan.managed + plan.unmanaged + creates - deletes;
  if (after > MAX_ENTRIES_PER_TYPE) {
    throw new GuardError(plan.sync, `the plan would leave ${after} entries in catalog type "${plan.catalogTypeName}"; incident.io holds at most ${MAX_ENTRIES_PER_TYPE} per type. Nothing was written. Narrow the source (fewer entities) or split it across types.`, undefined);
  }
  return plan;
}

/**
 * A type belongs to the sync named in its `reconcile.sync-id` annotation. Another sync's type is
 * refused; an unclaimed type that already holds synced entries (made by another tool) needs
 * --adopt once; otherwise the plan claims the type, and apply records the annotation first. The
 * claim carries only the annotation it sets: apply merges it with the type's live annotations.
 */
export function checkOwnership(plan: SyncPlan, annotations: Readonly<Record<string, string>>, adopt: boolean): SyncPlan {
  const owner = annotations[OWNER_ANNOTATION];
  if (owner === plan.sync) return plan;
  if (owner !== undefined && owner !== '') {
    throw new GuardError(plan.sync, `catalog type "${plan.catalogTypeName}" belongs to sync "${owner}" (annotation ${OWNER_ANNOTATION}); one type has one sync. Point this sync at its own catalog type.`, undefined);
  }
  if (plan.managed > 0 && !adopt) {
    throw new GuardError(plan.sync, `catalog type "${plan.catalogTypeName}" holds ${plan.managed} entries with external IDs that no reconcile sync has claimed (another tool, such as the guide's job, made them). Adopting the type lets this sync update and delete them.`, '--adopt');
  }
  return {...plan, claimType: {annotations: {[OWNER_ANNOTATION]: plan.sync}}};
}
