// Is a saved plan still true? Compares every entry a plan touches with the catalog as it is now.
// Pure: the caller reads the entries; this says what moved.
import type {CatalogEntry} from './model.js';
import type {SyncPlan} from './plan.js';

/** One line per entry that moved since the plan was made; empty when the plan still holds. */
export function findStaleness(plan: SyncPlan, current: readonly CatalogEntry[]): string[] {
  const byId = new Map(current.map((e) => [e.id, e]));
  const byExternalId = new Map(current.filter((e) => e.externalId !== undefined).map((e) => [e.externalId!, e]));
  const moved: string[] = [];
  for (const action of plan.actions) {
    if (action.action === 'create') {
      const now = byExternalId.get(action.externalId);
      if (now !== undefined)
        moved.push(`${action.externalId}: planned to be created, but entry ${now.id} with this external ID now exists`);
      continue;
    }
    const now = byId.get(action.entryId);
    if (now === undefined)
      moved.push(
        `${action.externalId}: planned to be ${action.action === 'update' ? 'updated' : 'deleted'}, but entry ${action.entryId} is gone`,
      );
    else if (now.updatedAt !== action.before.updatedAt)
      moved.push(
        `${action.externalId}: changed at ${now.updatedAt}, after the plan was made (it saw ${action.before.updatedAt})`,
      );
  }
  return moved;
}
