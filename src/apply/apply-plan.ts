// Carries out plans: creates, then updates (in bulk, 250 per request, 100 once incident.io refuses
// 250), then the references to entries that did not exist yet when their write was sent (a second
// pass), then deletes, with one limit
// of writes in flight for the whole apply. A failed write is recorded and the others still run; a
// stop request (Ctrl-C) stops launching writes and lets those in flight finish. Talks only to CatalogWriter.
import {ApiError, BulkSizeError} from '../core/errors.js';
import type {EntryWrite} from '../core/model.js';
import {BULK_UPDATE_FALLBACK_LIMIT, BULK_UPDATE_LIMIT, type CatalogWriter} from '../core/ports.js';
import type {CreateAction, DeleteAction, PlanAction, SyncPlan, UpdateAction} from '../core/plan.js';
import {runPool} from './pool.js';
import {createWriteLimit, limitWrites, WriteNotStarted} from './write-limit.js';
import {prepareTypes, type HeldBack, type TypeFailure} from './prepare-types.js';
import {findForwardReferences} from './forward-references.js';

export interface ApplyFailure {
  readonly sync: string;
  readonly action: PlanAction;
  readonly error: Error;
}

export interface ApplyReport {
  created: number;
  updated: number;
  deleted: number;
  /** Actions never started: a stop was requested, or their sync's type (or one it references) failed. */
  notStarted: number;
  /** True when a stop request (Ctrl-C) left changes not started. */
  interrupted: boolean;
  readonly failures: ApplyFailure[];
  /** Syncs whose type could not be created, changed or claimed: none of their entries were written. */
  readonly claimFailures: TypeFailure[];
  /** Syncs not written because a type they reference could not be prepared. */
  readonly heldBack: HeldBack[];
}

export type ApplyEvent =
  /** `inFlight` counts the writes sent and not yet answered, at any moment of the apply. */
  | {readonly type: 'start'; readonly total: number; readonly inFlight: () => number}
  | {readonly type: 'done'; readonly sync: string; readonly action: PlanAction}
  | {readonly type: 'failed'; readonly sync: string; readonly action: PlanAction; readonly error: Error}
  | {readonly type: 'fallback'; readonly sync: string; readonly size: number; readonly error: Error}
  /** incident.io refused a bulk update of `size` for its size: `limit` per request from now on (sent once). */
  | {readonly type: 'bulk-limit'; readonly size: number; readonly limit: number; readonly error: Error};

export interface ApplyOptions {
  readonly concurrency?: number;
  readonly onEvent?: (event: ApplyEvent) => void;
  readonly shouldStop?: () => boolean;
}

export function writeForCreate(plan: SyncPlan, action: CreateAction): EntryWrite {
  const {after} = action;
  return {
    externalId: after.externalId,
    name: after.name,
    aliases: after.aliases ?? [],
    rank: after.rank ?? 0,
    attributes: after.attributes,
    ownedAttributeIds: plan.ownedAttributeIds,
  };
}

/** Unmapped aliases and rank keep the entry's current values (bulk update would null an omitted rank). */
export function writeForUpdate(plan: SyncPlan, action: UpdateAction): EntryWrite {
  const {after, before} = action;
  return {
    externalId: after.externalId,
    name: after.name,
    aliases: after.aliases ?? before.aliases,
    rank: after.rank ?? before.rank,
    attributes: after.attributes,
    ownedAttributeIds: plan.ownedAttributeIds,
  };
}

interface Step {
  readonly plan: SyncPlan;
  readonly actions: readonly PlanAction[];
  readonly run: () => Promise<void>;
}

function isRefusal(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429
  );
}

/** A report of an apply that wrote nothing (yet): the start of every apply, and a no-op's result. */
export function emptyReport(): ApplyReport {
  return {
    created: 0,
    updated: 0,
    deleted: 0,
    notStarted: 0,
    interrupted: false,
    failures: [],
    claimFailures: [],
    heldBack: [],
  };
}

export async function applyPlan(
  plans: readonly SyncPlan[],
  writer: CatalogWriter,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const report = emptyReport();
  const emit = options.onEvent ?? (() => undefined);
  const shouldStop = options.shouldStop ?? (() => false);
  const concurrency = options.concurrency ?? 10;
  // Every write takes a slot of one limit, so pools nested in pools (a bulk update's fallback)
  // never put more than `concurrency` writes in flight; an entry write whose slot comes after a
  // stop request is not sent (WriteNotStarted), so only the writes already sent finish.
  const limit = createWriteLimit(concurrency);
  const w = limitWrites(writer, limit, shouldStop);
  emit({type: 'start', total: plans.reduce((n, p) => n + p.actions.length, 0), inFlight: () => limit.inFlight()});

  const succeeded = (plan: SyncPlan, action: PlanAction): void => {
    if (action.action === 'create') report.created += 1;
    else if (action.action === 'update') report.updated += 1;
    else report.deleted += 1;
    emit({type: 'done', sync: plan.sync, action});
  };
  const failed = (plan: SyncPlan, action: PlanAction, raw: unknown): void => {
    const error = raw instanceof Error ? raw : new Error(String(raw));
    report.failures.push({sync: plan.sync, action, error});
    emit({type: 'failed', sync: plan.sync, action, error});
  };
  const single = (plan: SyncPlan, action: PlanAction, write: () => Promise<unknown>): Step => ({
    plan,
    actions: [action],
    run: async () => {
      try {
        await write();
        succeeded(plan, action);
      } catch (error) {
        if (error instanceof WriteNotStarted) notStarted(1);
        else failed(plan, action, error);
      }
    },
  });

  // Each sync's type is created, changed or claimed before any of its entries is written; if that
  // fails, none of them are, nor those of syncs referencing it. Syncs come in dependency order:
  // creates and updates run sync by sync (a referenced entry exists before the entries that point
  // at it), deletes after, in reverse.
  const {writable, failures, heldBack, stopped} = await prepareTypes(plans, w, shouldStop);
  report.claimFailures.push(...failures);
  report.heldBack.push(...heldBack);
  const notStarted = (skipped: number): void => {
    report.notStarted += skipped;
    if (skipped > 0 && shouldStop()) report.interrupted = true;
  };
  notStarted(stopped);
  report.notStarted += [...failures, ...heldBack].reduce((n, f) => n + f.notStarted, 0);

  // 250 per bulk update until incident.io refuses that many; then 100 for the rest of the apply.
  let bulkLimit = BULK_UPDATE_LIMIT;
  const run = async (steps: Step[]): Promise<void> => {
    const skipped = await runPool(steps, concurrency, (step) => step.run(), shouldStop);
    notStarted(steps.slice(steps.length - skipped).reduce((n, step) => n + step.actions.length, 0));
  };
  // References to entries not created yet when the write is sent are written in a second pass.
  const forward = findForwardReferences(writable.map(({plan}) => plan));
  const secondPass: Step[] = [];
  for (const {plan, typeId} of writable) {
    const creates = plan.actions.filter((a): a is CreateAction => a.action === 'create');
    await run(creates.map((action) => createStep(plan, typeId, action, forward.creates.get(action), secondPass)));
    const toUpdate = plan.actions.filter((a): a is UpdateAction => a.action === 'update' && !forward.updates.has(a));
    await run(bulkSteps(plan, typeId, toUpdate));
    secondPass.push(
      ...plan.actions
        .filter((a): a is UpdateAction => a.action === 'update' && forward.updates.has(a))
        .map((action) => updateStep(plan, action)),
    );
  }
  await run(secondPass);
  await run(
    [...writable]
      .reverse()
      .flatMap(({plan}) =>
        plan.actions
          .filter((a): a is DeleteAction => a.action === 'delete')
          .map((action) => single(plan, action, () => w.deleteEntry(action.entryId))),
      ),
  );

  /** A create whose `deferred` attributes are left out, then written by an update in the second pass. */
  function createStep(
    plan: SyncPlan,
    typeId: string,
    action: CreateAction,
    deferred: readonly string[] | undefined,
    later: Step[],
  ): Step {
    if (deferred === undefined) return single(plan, action, () => w.createEntry(typeId, writeForCreate(plan, action)));
    const write = writeForCreate(plan, action);
    const attributes = Object.fromEntries(Object.entries(write.attributes).filter(([id]) => !deferred.includes(id)));
    const first = {...write, attributes};
    return {
      plan,
      actions: [action],
      run: async () => {
        try {
          const entry = await w.createEntry(typeId, first);
          later.push(single(plan, action, () => w.updateEntry(entry.id, write)));
        } catch (error) {
          failed(plan, action, error);
        }
      },
    };
  }

  function updateStep(plan: SyncPlan, action: UpdateAction): Step {
    return single(plan, action, () => w.updateEntry(action.entryId, writeForUpdate(plan, action)));
  }

  function bulkSteps(plan: SyncPlan, typeId: string, updates: readonly UpdateAction[]): Step[] {
    const batches: Step[] = [];
    for (let i = 0; i < updates.length; i += bulkLimit)
      batches.push(bulkStep(plan, typeId, updates.slice(i, i + bulkLimit)));
    return batches;
  }

  /** After a refusal for size: the limit drops once (said once); this batch goes again, split. */
  function smallerBatches(
    plan: SyncPlan,
    typeId: string,
    batch: readonly UpdateAction[],
    error: BulkSizeError,
  ): Promise<void> {
    if (bulkLimit > BULK_UPDATE_FALLBACK_LIMIT) {
      bulkLimit = BULK_UPDATE_FALLBACK_LIMIT;
      emit({type: 'bulk-limit', size: error.size, limit: bulkLimit, error});
    }
    return run(bulkSteps(plan, typeId, batch));
  }

  function bulkStep(plan: SyncPlan, typeId: string, batch: readonly UpdateAction[]): Step {
    if (batch.length === 1) return updateStep(plan, batch[0]!);
    return {
      plan,
      actions: batch,
      run: async () => {
        // Made before the limit dropped: split without sending it.
        if (batch.length > bulkLimit) return run(bulkSteps(plan, typeId, batch));
        try {
          await w.bulkUpdate(
            typeId,
            batch.map((a) => ({entryId: a.entryId, entry: writeForUpdate(plan, a)})),
          );
          for (const action of batch) succeeded(plan, action);
        } catch (error) {
          if (error instanceof WriteNotStarted) {
            notStarted(batch.length);
            return;
          }
          // A refusal of the batch's size says nothing of its entries: no one-by-one fallback for it.
          if (error instanceof BulkSizeError && batch.length > BULK_UPDATE_FALLBACK_LIMIT) {
            return smallerBatches(plan, typeId, batch, error);
          }
          if (!isRefusal(error) && !(error instanceof BulkSizeError)) {
            for (const action of batch) failed(plan, action, error);
            return;
          }
          // Bulk update is atomic: one bad entry refuses the whole batch. One by one, only the bad one fails.
          // These writes share the apply's one limit, and a stop request ends the fallback too.
          emit({type: 'fallback', sync: plan.sync, size: batch.length, error: error as Error});
          notStarted(await runPool(batch, concurrency, (action) => updateStep(plan, action).run(), shouldStop));
        }
      },
    };
  }

  return report;
}
