import {describe, expect, it} from 'vitest';
import jsonata from 'jsonata';
import {compileExpression, compileJsonata} from '../../../src/mapping/compile.js';
import {mapEntities, type CompiledSync} from '../../../src/mapping/map-entities.js';
import type {Expression} from '../../../src/config/types.js';
import {attribute, entity, schema} from '../../helpers/factories.js';

function expr(source: string, col = 20): Expression {
  return {source, location: {file: 'c.yaml', line: 3, col}, columnOffset: 0, singleLine: true};
}

function compile(source: string) {
  const result = compileExpression(expr(source));
  if (result.compiled === undefined) throw new Error(result.diagnostic?.message);
  return result.compiled;
}

function sync(attributes: Record<string, string>, extra: Partial<CompiledSync> = {}): CompiledSync {
  return {
    name: 'services',
    externalId: compile('identifier'),
    entryName: compile('title'),
    attributes: Object.entries(attributes).map(([name, source]) => ({name, expression: compile(source)})),
    ...extra,
  };
}

describe('compileExpression', () => {
  it('locates a syntax error at its column in the file', () => {
    const result = compileExpression(expr('properties.url +', 10));
    expect(result.diagnostic).toEqual({
      location: {file: 'c.yaml', line: 3, col: 25},
      message: 'JSONata: Unexpected end of expression (S0207)',
    });
  });
});

describe('mapEntities', () => {
  it('maps entities to desired entries in stored form, keyed by attribute ID', async () => {
    const s = schema([
      attribute('url'),
      attribute('replicas', 'Number'),
      attribute('public', 'Bool'),
      attribute('tags', 'String', {array: true}),
    ]);
    const result = await mapEntities(
      sync({
        url: 'properties.url',
        replicas: 'properties.replicas',
        public: 'properties.public',
        tags: 'properties.tags',
      }),
      s,
      [entity('a', {url: 'https://a', replicas: 3, public: true, tags: ['x', 'y']}), entity('b', {url: null})],
    );
    expect(result.desired).toEqual([
      {
        sourceId: 'a',
        externalId: 'a',
        name: 'A',
        attributes: {'attr-url': 'https://a', 'attr-replicas': '3', 'attr-public': 'true', 'attr-tags': ['x', 'y']},
      },
      {sourceId: 'b', externalId: 'b', name: 'B', attributes: {}},
    ]);
    expect(result.ownedAttributeIds).toEqual(['attr-url', 'attr-replicas', 'attr-public', 'attr-tags']);
  });

  it('skips entities whose name or external ID is empty, and counts them', async () => {
    const result = await mapEntities(sync({}), schema(), [
      entity('a'),
      entity('b', {}, {title: null}),
      entity('c', {}, {title: ''}),
    ]);
    expect(result.desired.map((d) => d.externalId)).toEqual(['a']);
    expect(result.skipped).toEqual([
      {identifier: 'b', reason: 'name is empty'},
      {identifier: 'c', reason: 'name is empty'},
    ]);
  });

  it('skips entities whose name or external ID is only whitespace; drops blank aliases', async () => {
    const s = sync(
      {},
      {externalId: compile('properties.ext ? properties.ext : identifier'), aliases: compile('[identifier, " "]')},
    );
    const result = await mapEntities(s, schema(), [
      entity('a'),
      entity('b', {}, {title: '  '}),
      entity('c', {}, {title: '\t\n'}),
      entity('d', {ext: ' '}),
    ]);
    expect(result.desired.map((d) => [d.externalId, d.aliases])).toEqual([['a', ['a']]]);
    expect(result.skipped).toEqual([
      {identifier: 'b', reason: 'name is empty'},
      {identifier: 'c', reason: 'name is empty'},
      {identifier: 'd', reason: 'external ID is empty'},
    ]);
  });

  it('reports every type mismatch with entity, attribute and value', async () => {
    const run = mapEntities(sync({url: 'properties.url', language: 'properties.n'}), schema(), [
      entity('a', {url: 5}),
      entity('b', {n: [1]}),
    ]);
    await expect(run).rejects.toThrow(
      /entity "a", attribute "url" \(String\): expected a string, got 5\n {2}entity "b", attribute "language" \(String\): expected a string, got \[1\]/,
    );
  });

  it('lists the attributes the type has when the config names one it lacks', async () => {
    await expect(mapEntities(sync({tier: 'properties.tier', url: 'properties.url'}), schema(), [])).rejects.toThrow(
      'catalog type "Port Services" has no attribute named "tier".\n  Attributes it has: url, language, lifecycle, type, readme',
    );
  });

  it('refuses to write derived attributes', async () => {
    const s = schema([attribute('services', 'Custom["Service"]', {array: true, mode: 'backlink'})]);
    await expect(mapEntities(sync({services: 'identifier'}), s, [])).rejects.toThrow(
      /computed by incident.io \(backlink\)/,
    );
  });

  it('names both entities when two map to the same external ID', async () => {
    const s = sync({}, {externalId: compile('"same"')});
    await expect(mapEntities(s, schema(), [entity('a'), entity('b')])).rejects.toThrow(
      'entities "a" and "b" both map to external ID "same"',
    );
  });

  it('maps aliases and rank when configured', async () => {
    const s = sync({}, {aliases: compile('[identifier, properties.slug]'), rank: compile('properties.tier')});
    const result = await mapEntities(s, schema(), [entity('a', {slug: 'alpha', tier: 2}), entity('b', {})]);
    expect(result.desired.map((d) => [d.aliases, d.rank])).toEqual([
      [['a', 'alpha'], 2],
      [['b'], 0],
    ]);
  });
});

describe('plain field paths', () => {
  it('read the same values JSONata does, arrays and missing keys included', async () => {
    const inputs = [
      {a: {b: ['x']}},
      {a: {b: []}},
      {a: {b: null}},
      {a: [{b: 1}, {b: 2}]},
      {a: {b: [[1], [2]]}},
      {a: {b: {c: 1}}},
      {a: 's'},
      {a: null},
      {},
      {a: {b: false}},
      {a: {b: 0}},
      {a: [{b: [1, 2]}, {b: 3}]},
    ];
    for (const path of ['a', 'a.b', 'a.b.c']) {
      const fast = compileJsonata(path);
      for (const input of inputs)
        expect(await fast.evaluate(input), `${path} on ${JSON.stringify(input)}`).toEqual(
          await jsonata(path).evaluate(input),
        );
    }
  });
});

describe('plain field paths and inherited members', () => {
  it('answer as JSONata does: own properties only, never Object.prototype members', async () => {
    const inputs: unknown[] = [
      {},
      {a: {}},
      {a: 's'},
      {a: 1},
      {a: {b: 1}},
      {properties: {}},
      {properties: {toString: 'x', valueOf: 2}},
      Object.create({inherited: 1, a: {b: 2}}),
      JSON.parse('{"__proto__": {"b": 3}, "constructor": "own"}'),
      JSON.parse('{"a": {"__proto__": 4}}'),
    ];
    const members = ['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'inherited'];
    const paths = [
      ...members,
      ...members.map((m) => `a.${m}`),
      ...members.map((m) => `properties.${m}`),
      '__proto__.b',
      'a.b',
      'constructor.name',
    ];
    for (const path of paths) {
      const fast = compileJsonata(path);
      for (const input of inputs)
        expect(await fast.evaluate(input), `${path} on ${JSON.stringify(input)}`).toEqual(
          await jsonata(path).evaluate(input),
        );
    }
  });
});
