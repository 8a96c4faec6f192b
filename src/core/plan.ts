// The plan as a value: what apply will do, with before and after for every action.
// Renderers print it, policies filter it, apply carries it out; nobody recomputes it.
import type {CatalogEntry, DesiredEntry, FieldChange, FieldValue, TypeChanges} from './model.js';

// Shared with the type planner, so they live in model.ts; re-exported for the plan's readers.
export type {FieldChange, FieldValue} from './model.js';

/** One named field of an entry: `name`, `external_id`, `aliases`, `rank` or an attribute name. */
export interface Field {
  readonly label: string;
  readonly value: FieldValue;
}

export interface CreateAction {
  readonly action: 'create';
  readonly externalId: string;
  readonly name: string;
  readonly after: DesiredEntry;
  readonly fields: readonly Field[];
}

export interface UpdateAction {
  readonly action: 'update';
  readonly externalId: string;
  readonly entryId: string;
  readonly name: string;
  readonly before: CatalogEntry;
  readonly after: DesiredEntry;
  readonly changes: readonly FieldChange[];
  readonly unchangedFields: number;
}

export interface DeleteAction {
  readonly action: 'delete';
  readonly externalId: string;
  readonly entryId: string;
  readonly name: string;
  readonly before: CatalogEntry;
  readonly fields: readonly Field[];
  readonly reason: string;
}

export type PlanAction = CreateAction | UpdateAction | DeleteAction;

export interface SkippedEntity {
  readonly identifier: string;
  readonly reason: string;
}

export interface SyncPlan {
  readonly sync: string;
  readonly blueprint: string;
  readonly catalogTypeId: string;
  readonly catalogTypeName: string;
  /** The type's type_name (`Custom["Name"]`), as other types' reference attributes name it. */
  readonly typeName?: string;
  /** The type_names the sync's owned reference attributes point at: a failure there holds it back. */
  readonly references?: readonly string[];
  /** Attribute IDs this sync writes; a write leaves the entry's other attributes alone. */
  readonly ownedAttributeIds: readonly string[];
  /** Names of the owned attributes, by ID, as the live type calls them. */
  readonly attributeNames: Readonly<Record<string, string>>;
  readonly actions: readonly PlanAction[];
  readonly unchanged: number;
  /** Entries without an external ID: made by hand, never touched. */
  readonly unmanaged: number;
  /** Entries with an external ID in the type now: the ones this sync owns. */
  readonly managed: number;
  /** Entities read from Port, before filtering and skipping. */
  readonly sourceCount: number;
  /** Entities left out by the sync's filter. */
  readonly filtered?: number;
  readonly skipped: readonly SkippedEntity[];
  /**
   * Set when apply must first mark the type as this sync's (annotation reconcile.sync-id): the
   * annotations to set, which apply merges with those the type has when it writes them.
   */
  readonly claimType?: {readonly annotations: Readonly<Record<string, string>>};
  /** Set when the declared type must be created or changed first (fields, annotations, schema). */
  readonly typeChanges?: TypeChanges;
  /** Set when --target narrowed the plan: the Port entity identifiers asked for. */
  readonly narrowedTo?: readonly string[];
  /** Of `narrowedTo`, the targets this sync has an entity or an entry for (not kept in saved plans). */
  readonly targetsFound?: readonly string[];
  /**
   * Of `narrowedTo`, targets with no entity whose entry could not be looked up: the sync's external ID
   * is not the entity's identifier, so a gone entity's entry is left to the next full run (not saved).
   */
  readonly targetsNotLookedUp?: readonly string[];
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

export function summarize(plans: readonly SyncPlan[]): PlanSummary {
  const summary = {create: 0, update: 0, delete: 0};
  for (const plan of plans) for (const action of plan.actions) summary[action.action] += 1;
  return summary;
}

export function hasChanges(plans: readonly SyncPlan[]): boolean {
  return plans.some(
    (plan) => plan.actions.length > 0 || plan.claimType !== undefined || plan.typeChanges !== undefined,
  );
}
