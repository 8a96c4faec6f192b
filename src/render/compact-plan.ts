// One line per changed entry, for big plans: `~ svc-a  "Payments"  owner, tier`. Unchanged
// entries are counted by the header, never listed. Pure.
import type {PlanAction} from '../core/plan.js';
import type {Style} from './style.js';

export const COMPACT_ABOVE = 50;

export function renderCompactAction(action: PlanAction, s: Style): string {
  const title = `${action.externalId}  ${JSON.stringify(action.name)}`;
  switch (action.action) {
    case 'create':
      return `  ${s.green('+')} ${title}`;
    case 'update':
      return `  ${s.yellow('~')} ${title}  ${action.changes.map((c) => c.label).join(', ')}`;
    case 'delete':
      return `  ${s.red('-')} ${title}  (${action.reason})`;
  }
}
