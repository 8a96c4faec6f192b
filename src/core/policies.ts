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

/** Entities mapped (with the identifier they came from) or entries read: anything with an external ID. */
export type KnownEntries = ReadonlyArray<{readonly externalId?: string | undefined; readonly sourceId?: string}>;

/**
 * --target: keep only the targets' entries; nothing outside them is written or deleted. A target is a
 * Port entity identifier: it keeps the entry its entity maps to, and the entry whose external ID it is
 * (a gone entity's, where external IDs are identifiers). `known` lists the sync's mapped entities and
 * its entries, to tell which targets it has at all (`targetsFound`). With no action left, the type is
 * not created, changed or claimed either: there is nothing to write into it.
 */
export function narrow(plan: SyncPlan, targets: ReadonlySet<string> | undefined, ...known: KnownEntries[]): SyncPlan {
  if (targets === undefined || targets.size === 0) return plan;
  const found = new Set<string>();
  const kept = new Set<string>(targets);
  for (const list of known) {
    for (const {externalId, sourceId} of list) {
      if (sourceId !== undefined && targets.has(sourceId)) {
        found.add(sourceId);
        if (externalId !== undefined) kept.add(externalId);
      }
      if (externalId !== undefined && targets.has(externalId)) found.add(externalId);
    }
  }
  const actions = plan.actions.filter((a) => kept.has(a.externalId));
  const {claimType, typeChanges, ...rest} = plan;
  const type = {...(claimType === undefined ? {} : {claimType}), ...(typeChanges === undefined ? {} : {typeChanges})};
  return {...rest, ...(actions.length > 0 ? type : {}), actions, narrowedTo: [...targets], targetsFound: [...found]};
}

export interface GuardOptions {
  readonly allowEmptySource: boolean;
  readonly allowMassDelete: boolean;
  /** Deleting more than this share of the owned entries (and more than 10) is refused. */
  readonly maxDeletePercent: number;
  /**
   * The entries the type holds now, when the plan did not read them all (--target reads only its
   * targets': the type's estimated_count); otherwise the plan's managed and unmanaged entries.
   */
  readonly entriesInType?: number;
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
  // A narrowed plan (--target) is judged on the narrowed set: Port answering nothing for one named
  // entity means it is gone (an automation's event), not that Port failed; for two or more it is an
  // empty source like any other.
  // Both empty-source guards fire only on a planned delete: with `prune: false` nothing is lost.
  const deletes = plan.actions.filter((a) => a.action === 'delete').length;
  const deleting = plan.managed > 0 && deletes > 0;
  const narrowed = plan.narrowedTo !== undefined;
  const judgeEmpty = !narrowed || plan.narrowedTo.length > 1;
  if (judgeEmpty && plan.sourceCount === 0 && deleting && !options.allowEmptySource) {
    const asked = narrowed ? `the ${plan.narrowedTo.length} targets in ` : '';
    const holds = narrowed
      ? `the catalog holds ${plan.managed} of their entries`
      : `catalog type "${plan.catalogTypeName}" holds ${plan.managed} synced entries`;
    const why = 'an empty answer is more often an upstream fault than an intent';
    const reason = `Port returned 0 entities for ${asked}blueprint "${plan.blueprint}" while ${holds}`;
    throw new GuardError(plan.sync, `${reason}; refusing to delete them all (${why}).`, '--allow-empty-source');
  }
  const desired = plan.sourceCount - (plan.filtered ?? 0) - plan.skipped.length;
  if (judgeEmpty && plan.sourceCount > 0 && desired <= 0 && deleting && !options.allowEmptySource) {
    const holds = `catalog type "${plan.catalogTypeName}" holds ${plan.managed} synced entries`;
    const why = 'a typo in the entry mapping or the filter is more likely than an intent';
    const reason = `${whyNothingIsDesired(plan)}, so no entry is desired while ${holds}; refusing to delete them all`;
    throw new GuardError(plan.sync, `${reason} (${why}).`, '--allow-empty-source');
  }
  const share = plan.managed === 0 ? 0 : (deletes / plan.managed) * 100;
  if (deletes > MASS_DELETE_FLOOR && share > options.maxDeletePercent && !options.allowMassDelete) {
    const of = narrowed ? `the ${plan.managed} synced entries its targets have` : `${plan.managed} synced entries`;
    const limit = `more than maxDeletePercent (${options.maxDeletePercent}%)`;
    const reason = `the plan deletes ${deletes} of ${of} (${share.toFixed(1)}%), ${limit}.`;
    throw new GuardError(plan.sync, reason, '--allow-mass-delete');
  }
  const creates = plan.actions.filter((a) => a.action === 'create').length;
  const after = (options.entriesInType ?? plan.managed + plan.unmanaged) + creates - deletes;
  if (after > MAX_ENTRIES_PER_TYPE) {
    throw new GuardError(
      plan.sync,
      `the plan would leave ${after} entries in catalog type "${plan.catalogTypeName}"; incident.io holds at most ${MAX_ENTRIES_PER_TYPE} per type. Nothing was written. Narrow the source (fewer entities) or split it across types.`,
      undefined,
    );
  }
  return plan;
}

/**
 * A type belongs to the sync named in its `reconcile.sync-id` annotation. Another sync's type is
 * refused; an unclaimed type that already holds synced entries (made by another tool) needs
 * --adopt once; otherwise the plan claims the type, and apply records the annotation first. The
 * claim carries only the annotation it sets: apply merges it with the type's live annotations.
 */
export function checkOwnership(
  plan: SyncPlan,
  annotations: Readonly<Record<string, string>>,
  adopt: boolean,
): SyncPlan {
  const owner = annotations[OWNER_ANNOTATION];
  if (owner === plan.sync) return plan;
  if (owner !== undefined && owner !== '') {
    throw new GuardError(
      plan.sync,
      `catalog type "${plan.catalogTypeName}" belongs to sync "${owner}" (annotation ${OWNER_ANNOTATION}); one type has one sync. Point this sync at its own catalog type.`,
      undefined,
    );
  }
  if (plan.managed > 0 && !adopt) {
    throw new GuardError(
      plan.sync,
      `catalog type "${plan.catalogTypeName}" holds ${plan.managed} entries with external IDs that no reconcile sync has claimed (another tool, such as the guide's job, made them). Adopting the type lets this sync update and delete them.`,
      '--adopt',
    );
  }
  return {...plan, claimType: {annotations: {[OWNER_ANNOTATION]: plan.sync}}};
}
