// Carries out plans: creates, then updates (in bulk, 100 per request), then deletes, each phase
// with bounded concurrency. A failed write is recorded and the others still run; a stop request
// (Ctrl-C) stops launching writes and lets those in flight finish. Talks only to CatalogWriter.
import {ApiError} from '../core/errors.js';
import type {EntryWrite} from '../core/model.js';
import {BULK_UPDATE_LIMIT, type CatalogWriter} from '../core/ports.js';
import type {CreateAction, DeleteAction, PlanAction, SyncPlan, UpdateAction} from '../core/plan.js';
import {runPool} from './pool.js';

export interface ApplyFailure {
  readonly sync: string;
  readonly action: PlanAction;
  readonly error: Error;
}

export interface ApplyReport {
  created: number;
  updated: number;
  deleted: number;
  /** Actions never started: a stop was requested, or the type could not be claimed. */
  notStarted: number;
  readonly failures: ApplyFailure[];
  /** Types whose ownership annotation could not be written: none of their entries were. */
  readonly claimFailures: Array<{readonly sync: string; readonly error: Error}>;
}

export type ApplyEvent =
  | {readonly type: 'start'; readonly total: number}
  | {readonly type: 'done'; readonly sync: string; readonly action: PlanAction}
  | {readonly type: 'failed'; readonly sync: string; readonly action: PlanAction; readonly error: Error}
  | {readonly type: 'fallback'; readonly sync: string; readonly size: number; readonly error: Error};

export interface ApplyOptions {
  readonly concurrency?: number;
  readonly onEvent?: (event: ApplyEvent) => void;
  readonly shouldStop?: () => boolean;
}

export function writeForCreate(plan: SyncPlan, action: CreateAction): EntryWrite {
  const {after} = action;
  return {externalId: after.externalId, name: after.name, aliases: after.aliases ?? [], rank: after.rank ?? 0, attributes: after.attributes, ownedAttributeIds: plan.ownedAttributeIds};
}

/** Unmapped aliases and rank keep the entry's current values (bulk update would null an omitted rank). */
export function writeForUpdate(plan: SyncPlan, action: UpdateAction): EntryWrite {
  const {after, before} = action;
  return {
    externalId: after.externalId, name: after.name, aliases: after.aliases ?? before.aliases, rank: after.rank ?? before.rank,
    attributes: after.attributes, ownedAttributeIds: plan.ownedAttributeIds,
  };
}

interface Step {
  readonly plan: SyncPlan;
  readonly actions: readonly PlanAction[];
  readonly run: () => Promise<void>;
}

function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export async function applyPlan(plans: readonly SyncPlan[], writer: CatalogWriter, options: ApplyOptions = {}): Promise<ApplyReport> {
  const report: ApplyReport = {created: 0, updated: 0, deleted: 0, notStarted: 0, failures: [], claimFailures: []};
  const emit = options.onEvent ?? (() => undefined);
  const shouldStop = options.shouldStop ?? (() => false);
  const concurrency = options.concurrency ?? 10;
  emit({type: 'start', total: plans.reduce((n, p) => n + p.actions.length, 0)});

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
    plan, actions: [action],
    run: async () => {
      try {
        await write();
        succeeded(plan, action);
      } catch (error) {
        failed(plan, action, error);
      }
    },
  });

  // A type is marked as this sync's before any of its entries is written; if that fails, none are.
  const writable: SyncPlan[] = [];
  for (const plan of plans) {
    try {
      if (plan.claimType !== undefined && !shouldStop()) await writer.annotateType(plan.catalogTypeId, plan.claimType.annotations);
      writable.push(plan);
    } catch (error) {
      report.claimFailures.push({sync: plan.sync, error: error instanceof Error ? error : new Error(String(error))});
      report.notStarted += plan.actions.length;
    }
  }

  const creates: Step[] = [];
  const updates: Step[] = [];
  const deletes: Step[] = [];
  for (const plan of writable) {
    for (const action of plan.actions) {
      if (action.action === 'create') creates.push(single(plan, action, () => writer.createEntry(plan.catalogTypeId, writeForCreate(plan, action))));
      if (action.action === 'delete') deletes.push(single(plan, action, () => writer.deleteEntry((action satisfies DeleteAction).entryId)));
    }
    const toUpdate = plan.actions.filter((a): a is UpdateAction => a.action === 'update');
    for (let i = 0; i < toUpdate.length; i += BULK_UPDATE_LIMIT) updates.push(bulkStep(plan, toUpdate.slice(i, i + BULK_UPDATE_LIMIT)));
  }

  function updateStep(plan: SyncPlan, action: UpdateAction): Step {
    return single(plan, action, () => writer.updateEntry(action.entryId, writeForUpdate(plan, action)));
  }

  function bulkStep(plan: SyncPlan, batch: readonly UpdateAction[]): Step {
    if (batch.length === 1) return updateStep(plan, batch[0]!);
    return {
      plan, actions: batch,
      run: async () => {
        try {
          await writer.bulkUpdate(plan.catalogTypeId, batch.map((a) => ({entryId: a.entryId, entry: writeForUpdate(plan, a)})));
          for (const action of batch) succeeded(plan, action);
        } catch (error) {
          if (!isRefusal(error)) {
            for (const action of batch) failed(plan, action, error);
            return;
          }
          // Bulk update is atomic: one bad entry refuses all 100. One by one, only the bad one fails.
          emit({type: 'fallback', sync: plan.sync, size: batch.length, error: error as Error});
          await runPool(batch, concurrency, (action) => updateStep(plan, action).run(), () => false);
        }
      },
    };
  }

  for (const phase of [creates, updates, deletes]) {
    const skipped = await runPool(phase, concurrency, (step) => step.run(), shouldStop);
    report.notStarted += phase.slice(phase.length - skipped).reduce((n, step) => n + step.actions.length, 0);
  }
  return report;
}
