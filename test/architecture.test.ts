// Fails when an import breaks the dependency direction of shared/design.md.
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
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
  app: {layers: ['core', 'config', 'mapping', 'http', 'sources', 'targets', 'apply', 'render'], packages: true, node: true},
  commands: {layers: ['app', 'core', 'render', 'emulator'], packages: true, node: true},
  emulator: {layers: [], packages: false, node: true},
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
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
});
