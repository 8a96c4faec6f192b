// Does a saved plan still hold? Re-reads every type it touches and every entry it writes: a
// type another sync claimed since is refused (GuardError), anything else that moved is stale.
import {CatalogTypeNotFoundError, StalePlanError} from '../core/errors.js';
import type {SyncPlan} from '../core/plan.js';
import {hasChanges} from '../core/plan.js';
import {checkOwnership} from '../core/policies.js';
import type {CatalogReader} from '../core/ports.js';
import {findStaleness} from '../core/staleness.js';
import {findTypeIfExists} from './find-type.js';

/**
 * The plans to apply, their ownership checked against the types as they are now; throws when
 * anything moved. A plan that claims the type (or changes a declared one) was approved as a claim,
 * so it may still claim an unowned type; one planned against a type it owned needs --adopt if
 * that mark was removed since.
 */
export async function checkSavedPlan(plans: readonly SyncPlan[], reader: CatalogReader, file: string, adopt: boolean): Promise<SyncPlan[]> {
  const moved: string[] = [];
  const checked: SyncPlan[] = [];
  for (const plan of plans) {
    if (!hasChanges([plan])) {
      checked.push(plan);
      continue;
    }
    if (plan.typeChanges?.create === true) {
      // Planned against a type that did not exist: it must still not exist.
      const exists = (await findTypeIfExists(reader, plan.typeChanges.declared.typeName)) !== undefined;
      if (exists) moved.push(`  sync "${plan.sync}": catalog type ${plan.typeChanges.declared.typeName} was planned to be created, but it exists now`);
      checked.push(plan);
      continue;
    }
    const live = await findTypeIfExists(reader, plan.catalogTypeId);
    if (live === undefined) {
      throw new CatalogTypeNotFoundError(`sync "${plan.sync}": catalog type "${plan.catalogTypeName}" (${plan.catalogTypeId}) no longer exists. Nothing was written; make a new plan.`);
    }
    const claims = plan.claimType !== undefined || plan.typeChanges !== undefined;
    checked.push(checkOwnership(plan, live.annotations, adopt || claims));
    moved.push(...findStaleness(plan, await reader.listEntries(plan.catalogTypeId)).map((m) => `  sync "${plan.sync}": ${m}`));
  }
  if (moved.length > 0) {
    const shown = moved.slice(0, 20);
    if (moved.length > 20) shown.push(`  … and ${moved.length - 20} more`);
    throw new StalePlanError([`Saved plan is stale: ${moved.length} entr${moved.length === 1 ? 'y' : 'ies'} moved since ${file} was made. Nothing was written; make a new plan.`, ...shown].join('\n'));
  }
  return checked;
}
