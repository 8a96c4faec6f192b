// Carries out a plan: creates, then updates, then deletes. A failed write is recorded and the
// others still run. Talks only to the CatalogWriter port; progress goes out through onEvent.
import type {CatalogWriter} from '../core/ports.js';
import type {EntryWrite} from '../core/model.js';
import type {CreateAction, DeleteAction, PlanAction, SyncPlan, UpdateAction} from '../core/plan.js';

export interface ApplyFailure {
  readonly sync: string;
  readonly action: PlanAction;
  readonly error: Error;
}

export interface ApplyReport {
  created: number;
  updated: number;
  deleted: number;
  readonly failures: ApplyFailure[];
}

export type ApplyEvent =
  | {readonly type: 'done'; readonly sync: string; readonly action: PlanAction}
  | {readonly type: 'failed'; readonly sync: string; readonly action: PlanAction; readonly error: Error};

export interface ApplyOptions {
  readonly onEvent?: (event: ApplyEvent) => void;
}

function writeForCreate(plan: SyncPlan, action: CreateAction): EntryWrite {
  const {after} = action;
  return {externalId: after.externalId, name: after.name, aliases: after.aliases ?? [], rank: after.rank ?? 0, attributes: after.attributes, ownedAttributeIds: plan.ownedAttributeIds};
}

function writeForUpdate(plan: SyncPlan, action: UpdateAction): EntryWrite {
  const {after, before} = action;
  return {
    externalId: after.externalId, name: after.name, aliases: after.aliases ?? before.aliases, rank: after.rank ?? before.rank,
    attributes: after.attributes, ownedAttributeIds: plan.ownedAttributeIds,
  };
}

const ORDER = ['create', 'update', 'delete'] as const;

export async function applyPlan(plans: readonly SyncPlan[], writer: CatalogWriter, options: ApplyOptions = {}): Promise<ApplyReport> {
  const report: ApplyReport = {created: 0, updated: 0, deleted: 0, failures: []};
  for (const kind of ORDER) {
    for (const plan of plans) {
      for (const action of plan.actions) {
        if (action.action !== kind) continue;
        try {
          await write(plan, action, writer);
          if (kind === 'create') report.created += 1;
          else if (kind === 'update') report.updated += 1;
          else report.deleted += 1;
          options.onEvent?.({type: 'done', sync: plan.sync, action});
        } catch (raw) {
          const error = raw instanceof Error ? raw : new Error(String(raw));
          report.failures.push({sync: plan.sync, action, error});
          options.onEvent?.({type: 'failed', sync: plan.sync, action, error});
        }
      }
    }
  }
  return report;
}

async function write(plan: SyncPlan, action: PlanAction, writer: CatalogWriter): Promise<void> {
  switch (action.action) {
    case 'create':
      await writer.createEntry(plan.catalogTypeId, writeForCreate(plan, action));
      return;
    case 'update':
      await writer.updateEntry(action.entryId, writeForUpdate(plan, action));
      return;
    case 'delete':
      await writer.deleteEntry((action satisfies DeleteAction).entryId);
      return;
  }
}
