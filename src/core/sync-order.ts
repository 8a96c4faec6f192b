// Syncs run in dependency order: a sync whose type references another synced type runs after it.
// A cycle cannot be ordered and is a config error naming it. Pure.
import {ReconcileError} from './errors.js';

export interface SyncNode {
  readonly name: string;
  readonly typeName: string;
  /** type_names this sync's attributes reference. */
  readonly references: readonly string[];
}

export class DependencyCycleError extends ReconcileError {
  constructor(readonly cycle: readonly string[]) {
    super(`syncs reference each other in a cycle: ${cycle.join(' → ')}. References must form a tree: drop one of them, or make it a String attribute.`);
  }
}

/** Names in an order where every sync comes after the syncs whose types it references. */
export function orderSyncs(nodes: readonly SyncNode[]): string[] {
  const byType = new Map(nodes.map((n) => [n.typeName, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const visit = (node: SyncNode, path: string[]): void => {
    const seen = state.get(node.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const start = path.indexOf(node.name);
      throw new DependencyCycleError([...path.slice(start), node.name]);
    }
    state.set(node.name, 'visiting');
    for (const ref of node.references) {
      const dep = byType.get(ref);
      if (dep !== undefined && dep.name !== node.name) visit(dep, [...path, node.name]);
    }
    state.set(node.name, 'done');
    order.push(node.name);
  };
  for (const node of nodes) visit(node, []);
  return order;
}
