// Fails when an import breaks the dependency direction (CONTRIBUTING.md, "The dependency rule"),
// and when the relative imports in src/ form a cycle anywhere.
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

function layerOf(file: string): string {
  return relative(SRC, file).split('/')[0]!;
}

/** Layer → layers it may import (besides itself), and whether it may import packages / node:*. */
const RULES: Record<string, {layers: string[]; packages: boolean; node: boolean}> = {
  core: {layers: [], packages: false, node: false},
  apply: {layers: ['core'], packages: false, node: false},
  render: {layers: ['core', 'apply'], packages: true, node: false},
  config: {layers: ['core'], packages: true, node: true},
  mapping: {layers: ['core', 'config'], packages: true, node: false},
  http: {layers: ['core'], packages: true, node: true},
  sources: {layers: ['core', 'http'], packages: true, node: false},
  targets: {layers: ['core', 'http'], packages: true, node: false},
  app: {
    layers: ['core', 'config', 'mapping', 'http', 'sources', 'targets', 'apply', 'render'],
    packages: true,
    node: true,
  },
  commands: {layers: ['app', 'core', 'render', 'emulator'], packages: true, node: true},
  emulator: {layers: [], packages: false, node: true},
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/** Each module in src/ → the modules in src/ it imports (relative specifiers, `.js` written for `.ts`). */
function importGraph(all: readonly string[]): Map<string, string[]> {
  const known = new Set(all);
  return new Map(
    all.map((file) => [
      file,
      imports(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'))
        .filter((target) => known.has(target)),
    ]),
  );
}

/**
 * Every import cycle, each as the path that closes it (a → b → a), found by a depth-first search that
 * reports each back edge. One cycle per back edge is enough to name the modules to untangle.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

describe('architecture', () => {
  const all = files(SRC);

  it('knows every layer', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const file of all) expect(Object.keys(RULES), file).toContain(layerOf(file));
  });

  it.each(all.map((f) => [relative(SRC, f), f]))('%s imports only what its layer may', (_name, file) => {
    const layer = layerOf(file);
    const rule = RULES[layer]!;
    for (const spec of imports(file)) {
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        expect(target === layer || rule.layers.includes(target), `${layer} -> ${target} (${spec})`).toBe(true);
      } else if (spec.startsWith('node:')) {
        expect(rule.node, `${layer} may not import ${spec}`).toBe(true);
      } else {
        expect(rule.packages, `${layer} may not import package ${spec}`).toBe(true);
      }
    }
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['plan', ['type-planner', 'model']],
      ['type-planner', ['policies', 'model']],
      ['policies', ['plan']],
      ['model', []],
    ]);
    expect(findCycles(graph)).toEqual([['plan', 'type-planner', 'policies', 'plan']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycle in src/', () => {
    const cycles = findCycles(importGraph(all)).map((cycle) => cycle.map((f) => relative(SRC, f)).join(' → '));
    expect(cycles, 'a shape two modules share belongs in a module below both').toEqual([]);
  });
});
