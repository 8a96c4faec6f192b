// Syncs run in dependency order: a sync whose type references another synced type runs after it.
// Types that reference each other (a cycle) cannot all come first: apply writes the references to
// entries not yet created in a second pass (src/apply/forward-references.ts). Pure.
import {ReconcileError} from './errors.js';

export interface SyncNode {
  readonly name: string;
  readonly typeName: string;
  /** type_names this sync's attributes reference. */
  readonly references: readonly string[];
}

export class DependencyCycleError extends ReconcileError {
  constructor(
    readonly cycle: readonly string[],
    reason: string,
  ) {
    super(`syncs reference each other in a cycle: ${cycle.join(' → ')}. ${reason}`);
  }
}

function dependencies(nodes: readonly SyncNode[]): Map<string, SyncNode[]> {
  const byType = new Map(nodes.map((n) => [n.typeName, n]));
  return new Map(
    nodes.map((n) => [
      n.name,
      n.references.flatMap((ref) => {
        const dep = byType.get(ref);
        return dep === undefined || dep.name === n.name ? [] : [dep];
      }),
    ]),
  );
}

/**
 * Names in an order where every sync comes after the syncs whose types it references, except for
 * references within a cycle. A depth-first post-order from the syncs in the order given, ignoring an
 * edge back into a sync being visited: such an edge only exists between two syncs of one cycle.
 */
export function orderSyncs(nodes: readonly SyncNode[]): string[] {
  const deps = dependencies(nodes);
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const visit = (node: SyncNode): void => {
    if (state.has(node.name)) return;
    state.set(node.name, 'visiting');
    for (const dep of deps.get(node.name) ?? []) visit(dep);
    state.set(node.name, 'done');
    order.push(node.name);
  };
  for (const node of nodes) visit(node);
  return order;
}

export interface ReferenceCycle {
  /** Every sync of the cycle (those reachable from each other), in the order given. */
  readonly members: readonly string[];
  /** The shortest path from the first member back to itself, for messages. */
  readonly path: readonly string[];
}

/** The syncs that reference each other, one entry per group. */
export function referenceCycles(nodes: readonly SyncNode[]): ReferenceCycle[] {
  const deps = dependencies(nodes);
  // Breadth-first from `from`: each reachable sync → the sync before it on a shortest path.
  const reach = (from: string): Map<string, string> => {
    const parent = new Map<string, string>();
    const queue = [from];
    for (let i = 0; i < queue.length; i += 1) {
      for (const dep of deps.get(queue[i]!) ?? []) {
        if (parent.has(dep.name)) continue;
        parent.set(dep.name, queue[i]!);
        queue.push(dep.name);
      }
    }
    return parent;
  };
  const cycles: ReferenceCycle[] = [];
  const placed = new Set<string>();
  for (const node of nodes) {
    if (placed.has(node.name)) continue;
    const fromNode = reach(node.name);
    if (!fromNode.has(node.name)) continue;
    const members = nodes.filter((n) => n.name === node.name || (fromNode.has(n.name) && reach(n.name).has(node.name)));
    for (const n of members) placed.add(n.name);
    const path = [node.name];
    for (let at = fromNode.get(node.name)!; at !== node.name; at = fromNode.get(at)!) path.unshift(at);
    cycles.push({members: members.map((n) => n.name), path: [node.name, ...path]});
  }
  return cycles;
}
