import {createRequire} from 'node:module';
import {runInThisContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import type {ValidateFunction} from 'ajv/dist/2020.js';
import {schemaValidator, standaloneValidator} from '../../../src/config/json-schema.js';

/** Runs CommonJS code as a module of this directory (so it finds ajv's runtime), giving its exports. */
function load(code: string): unknown {
  const module = {exports: {} as unknown};
  const wrapped = runInThisContext(`(function (module, exports, require) {${code}\n})`) as (
    module: {exports: unknown},
    exports: unknown,
    require: NodeJS.Require,
  ) => void;
  wrapped(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

const sync = {
  name: 'services',
  source: {blueprint: 'service'},
  target: {catalogType: 'T1'},
  entry: {externalId: 'identifier', name: 'title'},
};
const CONFIGS: unknown[] = [
  {version: 1, syncs: [sync]},
  {version: 2, syncs: [sync], extra: true},
  {version: 1, port: {region: 'us', baseUrl: 'https://x'}, syncs: [{...sync, source: {blueprint: 's', query: [{}]}}]},
  {version: 1, syncs: [{...sync, target: {catalogType: 'T1', type: {name: 'T'}}, attributes: {a: 3}}]},
  {syncs: 'none'},
  'not an object',
];

describe('the config validator compiled at build time', () => {
  it('finds exactly what the one compiled at run time finds, error for error', () => {
    const {file, code} = standaloneValidator('sync.config.schema.json');
    expect(file.pathname).toMatch(/sync\.config\.schema\.validate\.cjs$/);
    const built = load(code) as ValidateFunction;
    const compiled = schemaValidator('sync.config.schema.json'); // from the sources: compiled here
    for (const config of CONFIGS) {
      expect(built(config), JSON.stringify(config)).toBe(compiled(config));
      expect(built.errors ?? null, JSON.stringify(config)).toEqual(compiled.errors ?? null);
    }
    expect(CONFIGS.filter((c) => !compiled(c))).toHaveLength(5);
  });
});
