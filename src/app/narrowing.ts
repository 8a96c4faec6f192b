// --sync and --target, checked against what they name: an unknown sync is a typo (an error, before
// any request); a target nothing has is a warning, since automations fire for entities already gone.
// With a saved plan they are refused: it is applied exactly as it was made.
import {NarrowedSavedPlanError, UnknownSyncError} from '../core/errors.js';
import type {SyncPlan} from '../core/plan.js';
import type {SyncConfig} from '../config/types.js';
import type {PlanPolicyOptions} from './build-plans.js';

/**
 * Throws when flags that narrow a plan come with a saved plan: applying part of a reviewed plan,
 * or silently all of it, is not what either flag says. Every narrowing flag is listed here.
 */
export function refuseNarrowingOfSavedPlan(policy: PlanPolicyOptions): void {
  const given = [...(policy.targets.length > 0 ? ['--target'] : []), ...(policy.syncs.length > 0 ? ['--sync'] : [])];
  if (given.length === 0) return;
  throw new NarrowedSavedPlanError(
    `${given.join(', ')}: a saved plan is applied exactly as made; make the plan with ${given.join('/')} ` +
      `(reconcile plan ${given.join(' … ')} … --out FILE), then apply that file. Nothing was written.`,
  );
}

/** Throws when a --sync name is not a sync of the config, naming it and listing the syncs. */
export function checkSyncNames(config: SyncConfig, names: readonly string[]): void {
  const known = config.syncs.map((s) => s.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const which = unknown.map((name) => `--sync "${name}"`).join(', ');
  throw new UnknownSyncError(`${which}: ${config.file} has no sync by that name. Its syncs: ${known.join(', ')}`);
}

/** One warning line per --target that no planned sync has an entity or an entry for. */
export function unmatchedTargetWarnings(plans: readonly SyncPlan[], targets: readonly string[]): string[] {
  const found = new Set(plans.flatMap((plan) => plan.targetsFound ?? []));
  const syncs = plans.map((plan) => plan.sync).join(', ');
  return [...new Set(targets)]
    .filter((target) => !found.has(target))
    .map(
      (target) =>
        `Warning: --target "${target}" matches no entity in Port and no entry in the catalog` +
        ` (syncs: ${syncs || 'none'}); nothing to do for it.`,
    );
}
