// Maps a path inside the parsed YAML (as ajv reports it) back to a line and column in the file.
import {isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node} from 'yaml';
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

function nodeAt(doc: Document, path: ReadonlyArray<string | number>): Node | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const found: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(found)) return found;
  }
  return undefined;
}

/** The node at `path`, or the key `key` of the map there; falls back to the nearest parent that exists. */
export function locate(doc: Document, lineCounter: LineCounter, file: string, path: ReadonlyArray<string | number>, key?: string): SourceLocation {
  let offset = 0;
  const node = nodeAt(doc, path);
  if (node !== undefined) {
    offset = node.range?.[0] ?? 0;
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair !== undefined && isScalar(pair.key)) offset = pair.key.range?.[0] ?? offset;
    }
  }
  const at = lineCounter.linePos(offset);
  return {file, line: at.line, col: at.col};
}
