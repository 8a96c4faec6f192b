// Safety rules as small filters on a plan value: each takes a plan and returns a plan.
// They never look anywhere but the plan and the options they are given.
import type {SyncPlan} from './plan.js';

/** `prune: false`: the sync adds and updates but never deletes. */
export function withoutDeletes(plan: SyncPlan): SyncPlan {
  return {...plan, actions: plan.actions.filter((action) => action.action !== 'delete')};
}

export function applyPrunePolicy(plan: SyncPlan, prune: boolean): SyncPlan {
  return prune ? plan : withoutDeletes(plan);
}
