// Does a saved plan still hold? Re-reads every type it touches and every entry it writes (looked up
// one by one, or the type listed when that is cheaper): a type another sync claimed since is
// refused (GuardError), anything else that moved is stale.
import {CatalogTypeNotFoundError, GuardError, StalePlanError} from '../core/errors.js';
import type {CatalogEntry, CatalogTypeSchema} from '../core/model.js';
import type {SyncPlan} from '../core/plan.js';
import {hasChanges} from '../core/plan.js';
import {checkOwnership, OWNER_ANNOTATION} from '../core/policies.js';
import type {CatalogReader} from '../core/ports.js';
import {findStaleness} from '../core/staleness.js';
import {findTypeIfExists} from './find-type.js';
import {readEntriesNamed} from './read-entries.js';
import {readTypesOnce} from './types-once.js';

/** What moved since the plan was made: catalog types and entries, one line each. */
interface Moved {
  readonly types: string[];
  readonly entries: string[];
}

/**
 * The plans to apply, their ownership checked against the types as they are now; throws when
 * anything moved. A plan that claims the type (or changes a declared one) was approved as a claim
 * of the type as it was then, so it may still claim an unowned type, unless entries with external
 * IDs were added since (another tool filled it: adopting them needs --adopt). One planned against
 * a type it owned needs --adopt if that mark was removed since.
 */
export async function checkSavedPlan(
  plans: readonly SyncPlan[],
  target: CatalogReader,
  file: string,
  adopt: boolean,
): Promise<SyncPlan[]> {
  const moved: Moved = {types: [], entries: []};
  const checked: SyncPlan[] = [];
  const reader = readTypesOnce(target);
  for (const plan of plans) {
    if (!hasChanges([plan])) {
      checked.push(plan);
      continue;
    }
    if (plan.typeChanges?.create === true) {
      // Planned against a type that did not exist: it must still not exist.
      const {typeName} = plan.typeChanges.declared;
      if ((await findTypeIfExists(reader, typeName)) !== undefined) {
        const exists = `catalog type ${typeName} was planned to be created, but it exists now`;
        moved.types.push(`  sync "${plan.sync}": ${exists}`);
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
    // Counting the entries with external IDs takes the whole list: only an unowned type needs it
    // (an owned type's mark decides; a claim of an unowned one must not adopt entries added since).
    const owner = live.annotations[OWNER_ANNOTATION];
    const listed = owner === undefined || owner === '' ? await reader.listEntries(plan.catalogTypeId) : undefined;
    const managed = listed === undefined ? plan.managed : countManaged(listed);
    if (claims && !adopt) refuseNewForeignEntries(plan, live, managed, file);
    // Ownership as the type is now: its annotation and the entries it holds now.
    const owned = checkOwnership({...plan, managed}, live.annotations, adopt || claims);
    checked.push({...owned, managed: plan.managed});
    const version = plan.typeChanges?.version;
    if (version !== undefined && live.version !== version) {
      const was = `the plan was made against schema version ${version}, it is at version ${live.version} now`;
      moved.types.push(`  sync "${plan.sync}": catalog type "${live.name}" (${live.typeName}) changed: ${was}`);
    }
    // A create is looked up by its external ID, an update or delete by its entry's ID.
    const touched = plan.actions.map((a) => (a.action === 'create' ? a.externalId : a.entryId));
    const entries = listed ?? (await readEntriesNamed(reader, live, touched)).entries;
    moved.entries.push(...findStaleness(plan, entries).map((m) => `  sync "${plan.sync}": ${m}`));
  }
  if (moved.types.length + moved.entries.length > 0) throw staleError(moved, file);
  return checked;
}

function countManaged(entries: readonly CatalogEntry[]): number {
  return entries.filter((e) => e.externalId !== undefined && e.externalId !== '').length;
}

/**
 * A claim approved on a plan covers the entries the plan saw. More entries with external IDs in
 * the still unowned type means another tool filled it since: claiming now adopts them, and the
 * next plan would delete them. That needs --adopt, as it would without a saved plan.
 */
function refuseNewForeignEntries(plan: SyncPlan, live: CatalogTypeSchema, managed: number, file: string): void {
  const owner = live.annotations[OWNER_ANNOTATION];
  if (owner !== undefined && owner !== '') return; // ours, or another sync's: checkOwnership decides
  if (managed <= plan.managed) return;
  const holds = `catalog type "${plan.catalogTypeName}" holds ${managed} entries with external IDs`;
  const since = `${managed - plan.managed} more than when ${file} was made (another tool added them since)`;
  const what = 'Applying the plan claims the type for this sync, which would then update and delete them.';
  const reason = `${holds}, ${since}, and no reconcile sync has claimed it. ${what} Nothing was written.`;
  throw new GuardError(plan.sync, reason, '--adopt');
}

/** "Saved plan is stale: 1 catalog type and 2 entries moved since plan.json was made. …" */
function staleError(moved: Moved, file: string): StalePlanError {
  const lines = [...moved.types, ...moved.entries];
  const shown = lines.slice(0, 20);
  if (lines.length > 20) shown.push(`  … and ${lines.length - 20} more`);
  const count = (n: number, one: string, many: string): string[] => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const what = [
    ...count(moved.types.length, 'catalog type', 'catalog types'),
    ...count(moved.entries.length, 'entry', 'entries'),
  ].join(' and ');
  const headline = `Saved plan is stale: ${what} moved since ${file} was made. Nothing was written; make a new plan.`;
  return new StalePlanError([headline, ...shown].join('\n'));
}
