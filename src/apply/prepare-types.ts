// Before any entry is written, each sync's type is created, changed or claimed as planned. A sync
// whose type fails writes nothing, and neither does a sync whose attributes reference that type.
import type {CatalogWriter} from '../core/ports.js';
import type {SyncPlan} from '../core/plan.js';
import {schemaNeedsWrite} from '../core/type-planner.js';

/** A sync whose type could not be prepared: none of its changes were started. */
export interface TypeFailure {
  readonly sync: string;
  readonly error: Error;
  readonly notStarted: number;
}

/** A sync not written because a type it references could not be prepared (or was held back itself). */
export interface HeldBack {
  readonly sync: string;
  /** The referenced type's type_name. */
  readonly typeName: string;
  /** The sync of that type. */
  readonly by: string;
  /** True when `by` failed to prepare its type; false when it was held back too. */
  readonly byFailed: boolean;
  readonly notStarted: number;
}

export interface Prepared {
  readonly writable: Array<{readonly plan: SyncPlan; readonly typeId: string}>;
  readonly failures: TypeFailure[];
  readonly heldBack: HeldBack[];
  /** Changes not started because a stop was requested before their sync's turn. */
  stopped: number;
}

/** Creates, changes or claims the sync's type as planned; returns the type's ID. */
async function prepareType(plan: SyncPlan, writer: CatalogWriter): Promise<string> {
  const changes = plan.typeChanges;
  if (changes === undefined || (!changes.create && !changes.updateType)) {
    // The writer merges the claim with the type's annotations as they are when it writes.
    if (plan.claimType !== undefined) await writer.annotateType(plan.catalogTypeId, plan.claimType.annotations);
    if (changes === undefined) return plan.catalogTypeId;
  }
  let id = plan.catalogTypeId;
  let version = changes.version;
  if (changes.create) {
    const created = await writer.createType(changes.declared, changes.annotations);
    id = created.id;
    version = created.version;
  } else if (changes.updateType) {
    await writer.updateType(id, changes.declared, changes.annotations);
  }
  if (schemaNeedsWrite(changes)) await writer.updateSchema(id, version, changes.attributes);
  return id;
}

/** The syncs' types, in the plans' (dependency) order: what may be written, and what may not and why. */
export async function prepareTypes(
  plans: readonly SyncPlan[],
  writer: CatalogWriter,
  shouldStop: () => boolean,
): Promise<Prepared> {
  const prepared: Prepared = {writable: [], failures: [], heldBack: [], stopped: 0};
  // type_name → the sync whose type failed or was held back, so the syncs referencing it are held back too.
  const unusable = new Map<string, {sync: string; failed: boolean}>();
  for (const plan of plans) {
    if (shouldStop()) {
      prepared.stopped += plan.actions.length;
      continue;
    }
    const blocked = (plan.references ?? []).flatMap((typeName) => {
      const by = unusable.get(typeName);
      return by === undefined || by.sync === plan.sync ? [] : [{typeName, by}];
    })[0];
    if (blocked !== undefined) {
      prepared.heldBack.push({
        sync: plan.sync,
        typeName: blocked.typeName,
        by: blocked.by.sync,
        byFailed: blocked.by.failed,
        notStarted: plan.actions.length,
      });
      if (plan.typeName !== undefined) unusable.set(plan.typeName, {sync: plan.sync, failed: false});
      continue;
    }
    try {
      prepared.writable.push({plan, typeId: await prepareType(plan, writer)});
    } catch (error) {
      prepared.failures.push({
        sync: plan.sync,
        error: error instanceof Error ? error : new Error(String(error)),
        notStarted: plan.actions.length,
      });
      if (plan.typeName !== undefined) unusable.set(plan.typeName, {sync: plan.sync, failed: true});
    }
  }
  return prepared;
}
