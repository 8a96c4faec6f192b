// Maps a path inside the parsed YAML (as ajv reports it) back to a line and column in the file.
// Follows aliases (*x, as values and as keys) and merge keys (<<: *x) as YAML resolves them, and
// reports a value that came through one at the alias: the place in this sync where the user wrote it.
import {isAlias, isMap, isNode, isPair, isScalar, isSeq, visit} from 'yaml';
import type {Document, LineCounter, Node, Pair} from 'yaml';
import type {SourceLocation} from '../core/errors.js';

/** `/syncs/0/entry` → ['syncs', 0, 'entry'] (JSON Pointer unescaping included). */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The node at a path: `node` is what YAML resolves there; `via` is the outermost alias crossed on the way. */
export interface ResolvedNode {
  readonly node: Node;
  readonly via?: Node;
}

export function isMergeKey(pair: Pair): boolean {
  const key = pair.key;
  if (!isScalar(key)) return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}

function deref(doc: Document, node: unknown, via: Node | undefined): ResolvedNode | undefined {
  if (isAlias(node)) {
    const target: unknown = node.resolve(doc);
    return isNode(target) ? {node: target, via: via ?? node} : undefined;
  }
  return isNode(node) ? {node, ...(via === undefined ? {} : {via})} : undefined;
}

/** The key of a pair as YAML reads it: a scalar's value, or the scalar an alias in key position names. */
function keyOf(doc: Document, pair: Pair): unknown {
  const key: unknown = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
  return isScalar(key) ? key.value : undefined;
}

/** A map's own value for `key` wins; then each merge source in order, as YAML's merge does. */
function lookup(doc: Document, map: Node, key: string | number, via?: Node, depth = 0): ResolvedNode | undefined {
  if (!isMap(map) || depth > 20) return undefined;
  const own = map.items.find((p) => {
    const name = keyOf(doc, p);
    const scalar = typeof name === 'string' || typeof name === 'number' || typeof name === 'boolean';
    return !isMergeKey(p) && scalar && String(name) === String(key);
  });
  if (own !== undefined) return deref(doc, own.value, via);
  for (const pair of map.items.filter(isMergeKey)) {
    const value = deref(doc, pair.value, via);
    const sources = value === undefined ? [] : isSeq(value.node) ? value.node.items : [pair.value];
    for (const source of sources) {
      const resolved = deref(doc, source, via ?? (isNode(source) ? source : undefined));
      const found = resolved === undefined ? undefined : lookup(doc, resolved.node, key, resolved.via, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function step(doc: Document, at: ResolvedNode, key: string | number): ResolvedNode | undefined {
  if (isSeq(at.node)) return typeof key === 'number' ? deref(doc, at.node.items[key], at.via) : undefined;
  return lookup(doc, at.node, key, at.via);
}

/** Merge values that are not maps (nor aliases of maps, nor lists of them): YAML cannot merge those. */
export function badMergeValues(doc: Document): Node[] {
  const bad: Node[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isMergeKey(pair)) return;
      const value = deref(doc, pair.value, undefined);
      const sources = value !== undefined && isSeq(value.node) ? value.node.items : [pair.value];
      for (const source of sources) {
        if (!isMap(deref(doc, source, undefined)?.node)) bad.push(isNode(source) ? source : (pair.key as Node));
      }
    },
  });
  return bad;
}

/**
 * Aliases inside the node their anchor names (`x: &x [1, *x]`, `x: &x {<<: *x}`): YAML would build a
 * structure that contains itself, which no config value can be.
 */
export function aliasLoops(doc: Document): Node[] {
  const loops: Node[] = [];
  visit(doc, {
    Alias(_, alias) {
      const target: unknown = alias.resolve(doc);
      const [start, end] = isNode(target) ? (target.range ?? [0, 0]) : [0, 0];
      const at = alias.range?.[0] ?? -1;
      if (at >= start && at < end) loops.push(alias);
    },
  });
  return loops;
}

export interface PathResolution {
  readonly resolved?: ResolvedNode;
  /** False when the walk stopped early: `resolved` is then the deepest node that exists. */
  readonly complete: boolean;
}

/** Walks `path` through aliases and merge keys; stops at the deepest node that exists. */
export function resolvePath(doc: Document, path: readonly (string | number)[]): PathResolution {
  let at = deref(doc, doc.contents, undefined);
  for (const key of path) {
    if (at === undefined) return {complete: false};
    const next = step(doc, at, key);
    if (next === undefined) return {resolved: at, complete: false};
    at = next;
  }
  return at === undefined ? {complete: false} : {resolved: at, complete: true};
}

/** The node at `path`, or the key `key` of the map there; falls back to the nearest parent that exists. */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  path: ReadonlyArray<string | number>,
  key?: string,
): SourceLocation {
  let offset = 0;
  const {resolved} = resolvePath(doc, path);
  if (resolved !== undefined) {
    offset = (resolved.via ?? resolved.node).range?.[0] ?? 0;
    if (key !== undefined && resolved.via === undefined && isMap(resolved.node)) {
      const pair = resolved.node.items.find((item) => isPair(item) && keyOf(doc, item) === key);
      if (pair !== undefined && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      else {
        // A key that came in through a merge: point at the alias after `<<:`.
        const merged = lookup(doc, resolved.node, key, undefined);
        if (merged?.via !== undefined) offset = merged.via.range?.[0] ?? offset;
      }
    }
  }
  const at = lineCounter.linePos(offset);
  return {file, line: at.line, col: at.col};
}
