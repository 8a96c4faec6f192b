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
export async function checkSavedPlan(
  plans: readonly SyncPlan[],
  reader: CatalogReader,
  file: string,
  adopt: boolean,
): Promise<SyncPlan[]> {
  const moved: string[] = [];
  const checked: SyncPlan[] = [];
  for (const plan of plans) {
    if (!hasChanges([plan])) {
      checked.push(plan);
      continue;
    }
    if (plan.typeChanges?.create === true) {
      // Planned against a type that did not exist: it must still not exist.
      const {typeName} = plan.typeChanges.declared;
      if ((await findTypeIfExists(reader, typeName)) !== undefined) {
        moved.push(`  sync "${plan.sync}": catalog type ${typeName} was planned to be created, but it exists now`);
      }
      checked.push(plan);
      continue;
    }
    const live = await findTypeIfExists(reader, plan.catalogTypeId);
    if (live === undefined) {
      const type = `catalog type "${plan.catalogTypeName}" (${plan.catalogTypeId})`;
      const fix = 'Nothing was written; make a new plan.';
      throw new CatalogTypeNotFoundError(`sync "${plan.sync}": ${type} no longer exists. ${fix}`);
    }
    const claims = plan.claimType !== undefined || plan.typeChanges !== undefined;
    checked.push(checkOwnership(plan, live.annotations, adopt || claims));
    moved.push(
      ...findStaleness(plan, await reader.listEntries(plan.catalogTypeId)).map((m) => `  sync "${plan.sync}": ${m}`),
    );
  }
  if (moved.length > 0) {
    const shown = moved.slice(0, 20);
    if (moved.length > 20) shown.push(`  … and ${moved.length - 20} more`);
    const entries = `${moved.length} entr${moved.length === 1 ? 'y' : 'ies'}`;
    const fix = 'Nothing was written; make a new plan.';
    const headline = `Saved plan is stale: ${entries} moved since ${file} was made. ${fix}`;
    throw new StalePlanError([headline, ...shown].join('\n'));
  }
  return checked;
}
