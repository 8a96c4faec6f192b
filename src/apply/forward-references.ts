// Which writes would reference an entry that does not exist yet when they are sent: a create naming
// an entry created beside it (creates run concurrently) or by a later sync, an update naming an entry
// a later sync creates (types that reference each other). Apply writes those references in a second
// pass, once every create has run. Pure: reads the plans only.
import type {CreateAction, PlanAction, SyncPlan, UpdateAction} from '../core/plan.js';

export interface ForwardReferences {
  /** Creates sent without these attribute IDs, then updated with the whole entry. */
  readonly creates: ReadonlyMap<CreateAction, readonly string[]>;
  /** Updates sent after every create. */
  readonly updates: ReadonlySet<UpdateAction>;
}

/**
 * A literal is taken to name a created entry when it equals that entry's external ID, an alias or its
 * name, in a type the sync's reference attributes point at. It may be a plain string that only looks
 * like one (or name an existing entry too): then the second pass writes what the first would have,
 * one write more, never a wrong one.
 */
export function findForwardReferences(plans: readonly SyncPlan[]): ForwardReferences {
  // type_name → per sync (by position) that creates entries of it: the literals naming those entries.
  const created = new Map<string, Array<{at: number; literals: Set<string>}>>();
  plans.forEach((plan, at) => {
    if (plan.typeName === undefined) return;
    const literals = new Set<string>();
    for (const action of plan.actions) {
      if (action.action !== 'create') continue;
      literals.add(action.externalId).add(action.after.name);
      for (const alias of action.after.aliases ?? []) literals.add(alias);
    }
    if (literals.size > 0) created.set(plan.typeName, [...(created.get(plan.typeName) ?? []), {at, literals}]);
  });
  const creates = new Map<CreateAction, string[]>();
  const updates = new Set<UpdateAction>();
  plans.forEach((plan, at) => {
    // A create may not name an entry created in its own sync; an update may (creates come first).
    const later = (action: PlanAction, literal: string): boolean =>
      (plan.references ?? []).some((typeName) =>
        (created.get(typeName) ?? []).some(
          (c) => (action.action === 'create' ? c.at >= at : c.at > at) && c.literals.has(literal),
        ),
      );
    for (const action of plan.actions) {
      if (action.action === 'delete') continue;
      const ids = plan.ownedAttributeIds.filter((id) => {
        const value = action.after.attributes[id];
        return value !== undefined && (typeof value === 'string' ? [value] : value).some((l) => later(action, l));
      });
      if (ids.length === 0) continue;
      if (action.action === 'create') creates.set(action, ids);
      else updates.add(action);
    }
  });
  return {creates, updates};
}
