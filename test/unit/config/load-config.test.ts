import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../../src/config/load-config.js';
import {interpolateString} from '../../../src/config/interpolate.js';
import {compileAll} from '../../../src/mapping/compile.js';

const dir = mkdtempSync(join(tmpdir(), 'reconcile-config-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `c${(n += 1)}.yaml`);
  writeFileSync(path, text);
  return path;
}

const ENV = {
  PORT_CLIENT_ID: 'id',
  PORT_CLIENT_SECRET: 'secret',
  INCIDENT_IO_API_KEY: 'key',
  INCIDENT_IO_CATALOG_TYPE_ID: 'T1',
};
const MINIMAL = `version: 1
syncs:
  - name: services
    source: {blueprint: service}
    target:
      catalogType: \${INCIDENT_IO_CATALOG_TYPE_ID}
    entry: {externalId: identifier, name: title}
`;

describe('loadConfig', () => {
  it('loads the root sync.config.yaml with the guide mapping', () => {
    const loaded = loadConfig('sync.config.yaml', ENV);
    expect(loaded.diagnostics).toEqual([]);
    const config = loaded.config!;
    expect(config.port).toEqual({baseUrl: 'https://api.port.io', clientId: 'id', clientSecret: 'secret'});
    expect(config.incident).toEqual({baseUrl: 'https://api.incident.io', apiKey: 'key'});
    const [sync] = config.syncs;
    expect(sync?.catalogType).toBe('T1');
    expect(sync?.attributes.map((a) => [a.name, a.expression.source])).toEqual([
      ['url', 'properties.url'],
      ['readme', 'properties.readme'],
      ['language', 'properties.language'],
      ['lifecycle', 'properties.lifecycle'],
      ['type', 'properties.type'],
    ]);
    expect(sync?.prune).toBe(true);
  });

  it('takes credentials from the environment when the keys are omitted, and the US region', () => {
    const loaded = loadConfig(file(`port: {region: us}\n${MINIMAL}`), ENV);
    expect(loaded.config?.port).toEqual({baseUrl: 'https://api.us.port.io', clientId: 'id', clientSecret: 'secret'});
    expect(loaded.config?.incident.apiKey).toBe('key');
  });

  it('reports unset defaults without a position in the file', () => {
    const path = file(MINIMAL);
    const loaded = loadConfig(path, {INCIDENT_IO_CATALOG_TYPE_ID: 'T1'});
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([
      'port.clientId is not set: set the environment variable PORT_CLIENT_ID or port.clientId in the file',
      'port.clientSecret is not set: set the environment variable PORT_CLIENT_SECRET or port.clientSecret in the file',
      'incident.apiKey is not set: set the environment variable INCIDENT_IO_API_KEY or incident.apiKey in the file',
    ]);
  });

  it('uses ${VAR:-default} when the variable is unset or empty', () => {
    const loaded = loadConfig(file(MINIMAL.replace('${INCIDENT_IO_CATALOG_TYPE_ID}', '${TYPE:-Custom["X"]}')), {
      ...ENV,
      TYPE: '',
    });
    expect(loaded.config?.syncs[0]?.catalogType).toBe('Custom["X"]');
  });

  it('points at the variable inside a quoted string', () => {
    const loaded = loadConfig(
      file(MINIMAL.replace('catalogType: ${INCIDENT_IO_CATALOG_TYPE_ID}', 'catalogType: "pre-${NOPE}"')),
      ENV,
    );
    expect(loaded.diagnostics).toEqual([
      {
        location: {file: expect.any(String) as string, line: 6, col: 25},
        message: expect.stringContaining('NOPE is not set') as string,
      },
    ]);
  });

  it('rejects duplicate keys and sync names', () => {
    expect(
      loadConfig(file(`version: 1\nversion: 1\n${MINIMAL.slice('version: 1\n'.length)}`), ENV).diagnostics[0]?.message,
    ).toMatch(/YAML: .*unique/i);
    const twice = MINIMAL + MINIMAL.split('\n').slice(2).join('\n');
    expect(loadConfig(file(twice), ENV).diagnostics.map((d) => [d.location.line, d.message])).toEqual([
      [8, 'sync name "services" is used twice'],
    ]);
  });

  it('refuses region and baseUrl together', () => {
    const loaded = loadConfig(file(`port: {region: eu, baseUrl: "https://x"}\n${MINIMAL}`), ENV);
    expect(loaded.diagnostics.map((d) => d.message)).toEqual(['port: set either region or baseUrl, not both']);
  });

  it('keeps the expressions of a file with other errors, for compiling', () => {
    const loaded = loadConfig(file(MINIMAL.replace('version: 1', 'version: 3')), ENV);
    expect(loaded.config).toBeUndefined();
    expect(loaded.expressions.map((e) => [e.source, e.location.line])).toEqual([
      ['identifier', 7],
      ['title', 7],
    ]);
  });

  it("reads a declared type's sourceRepoUrl, and refuses one that is not an http(s) URL", () => {
    const declared = (url: string): string =>
      MINIMAL.replace(
        '      catalogType: ${INCIDENT_IO_CATALOG_TYPE_ID}\n',
        `      type: {name: Services, typeName: 'Custom["Svc"]', sourceRepoUrl: '${url}', attributes: []}\n`,
      );
    const loaded = loadConfig(file(declared('https://github.com/acme/catalog')), ENV);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.syncs[0]?.declaredType?.sourceRepoUrl).toBe('https://github.com/acme/catalog');
    const bad = loadConfig(file(declared('git@github.com:acme/catalog.git')), ENV);
    expect(bad.diagnostics.map((d) => d.message).join('\n')).toMatch(/sourceRepoUrl/);
  });
});

describe('interpolateString', () => {
  it('replaces every variable and reports each unset one with its offset', () => {
    const missing: Array<[string, number]> = [];
    expect(interpolateString('a ${X} b ${Y} c ${Z:-z}', {X: '1'}, (name, offset) => missing.push([name, offset]))).toBe(
      'a 1 b ${Y} c z',
    );
    expect(missing).toEqual([['Y', 9]]);
  });
});

describe('YAML anchors, aliases and merge keys', () => {
  const SHARED = `version: 1
x-shared:
  attributes: &common
    url: properties.url
    language: &lang properties.language
syncs:
  - name: services
    source: {blueprint: service}
    target: {catalogType: T1}
    entry:
      externalId: &id identifier
      name: *id
    attributes:
      <<: *common
      type: *lang
      url: properties.link
`;

  it('resolves aliases at expression positions, located where the alias is used', () => {
    const path = file(SHARED);
    const loaded = loadConfig(path, ENV);
    expect(loaded.diagnostics).toEqual([]);
    const sync = loaded.config!.syncs[0]!;
    expect(sync.entryName.source).toBe('identifier');
    expect(sync.entryName.location).toEqual({file: path, line: 12, col: 13});
    // Merged keys come first in YAML's order; a key written in the map wins over a merged one.
    expect(
      sync.attributes.map((a) => [a.name, a.expression.source, a.expression.location.line, a.expression.location.col]),
    ).toEqual([
      ['url', 'properties.link', 16, 12],
      ['language', 'properties.language', 14, 11],
      ['type', 'properties.language', 15, 13],
    ]);
  });

  it('locates JSONata and schema errors behind an alias at the alias', () => {
    const text = `version: 1
x-shared:
  attributes: &common
    language: &lang properties.language +
  source: &source {blueprint: service, colour: blue}
syncs:
  - name: services
    source: *source
    target: {catalogType: T1}
    entry: {externalId: identifier, name: title}
    attributes:
      <<: *common
      type: *lang
`;
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.location.line, d.location.col, d.message])).toEqual([
      [8, 13, 'unknown key "colour" in syncs.0.source'],
    ]);
    const {diagnostics} = compileAll(loaded.expressions);
    // x-shared is not an expression position: each use of the broken expression is reported, at the alias.
    expect(diagnostics.map((d) => [d.location.line, d.location.col])).toEqual([
      [12, 11],
      [13, 13],
    ]);
  });

  it('reports a duplicate sync name given through an alias at the alias', () => {
    const second = MINIMAL.split('\n').slice(2).join('\n').replace('- name: services', '- name: *n');
    const twice = `${MINIMAL.replace('- name: services', '- name: &n services')}${second}`;
    expect(loadConfig(file(twice), ENV).diagnostics.map((d) => [d.location.line, d.location.col, d.message])).toEqual([
      [8, 11, 'sync name "services" is used twice'],
    ]);
  });

  it('refuses a merge key whose value is not a map, at its position', () => {
    const loaded = loadConfig(
      file(
        MINIMAL.replace(
          'entry: {externalId: identifier, name: title}',
          'entry: {<<: [1], externalId: identifier, name: title}',
        ),
      ),
      ENV,
    );
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.location.line, d.message])).toEqual([
      [7, expect.stringMatching(/YAML: .*merge/i)],
    ]);
  });
});

describe('YAML aliases in key position, and alias counts', () => {
  const HEAD =
    'version: 1\nsyncs:\n  - name: services\n' + '    source: {blueprint: service}\n    target: {catalogType: T1}\n';
  const mapped = (text: string) => {
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.diagnostics).toEqual([]);
    return loaded.config!.syncs[0]!;
  };

  it('resolves an alias used as a key under attributes, under entry, and as the attributes key itself', () => {
    const entry = '    entry: {externalId: identifier, name: title}\n';
    const underAttributes = mapped(`x-k: &k url\n${HEAD}${entry}    attributes:\n      *k : properties.url\n`);
    expect(underAttributes.attributes.map((a) => [a.name, a.expression.source, a.expression.location.line])).toEqual([
      ['url', 'properties.url', 9],
    ]);
    const underEntry = mapped(`x-k: &k name\n${HEAD}    entry:\n      externalId: identifier\n      *k : title\n`);
    expect([underEntry.entryName.source, underEntry.entryName.location.line]).toEqual(['title', 9]);
    const asKey = mapped(`x-k: &k attributes\n${HEAD}${entry}    *k :\n      url: properties.url\n`);
    expect(asKey.attributes.map((a) => a.name)).toEqual(['url']);
  });

  it("loads a config that uses one anchor more than 100 times (the yaml library's default limit)", () => {
    const syncs = Array.from(
      {length: 101},
      (_, i) => `  - name: s${i}\n    source: {blueprint: service}\n    target: {catalogType: T1}\n    entry: *entry\n`,
    ).join('');
    const text = `version: 1\nx-entry: &entry {externalId: identifier, name: title}\nsyncs:\n${syncs}`;
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.syncs).toHaveLength(101);
  });

  it('refuses aliases that expand too far (billion laughs), located in the file, without throwing', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) {
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    }
    const path = file(`${MINIMAL}x-laughs:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    const loaded = loadConfig(path, ENV);
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.location.file, d.location.line, d.message])).toEqual([
      [path, 10, expect.stringContaining('YAML: the aliases expand to too much')],
    ]);
  });

  it('refuses an alias inside the node its anchor names, at the alias', () => {
    const merge = loadConfig(file(MINIMAL.replace('entry: {', 'entry: &e {<<: *e, ')), ENV);
    expect(merge.diagnostics.map((d) => [d.location.line, d.location.col, d.message])).toEqual([
      [7, 20, expect.stringContaining('inside the node its anchor names')],
    ]);
    const list = loadConfig(file(`${MINIMAL}x-list: &l [1, *l]\n`), ENV);
    expect(list.diagnostics.map((d) => [d.location.line, d.location.col])).toEqual([[8, 16]]);
  });
});

describe('source.query', () => {
  const WHY = ' (every operator but isEmpty and isNotEmpty compares with one)';
  const withQuery = (query: string) =>
    MINIMAL.replace(
      '    source: {blueprint: service}\n',
      `    source:\n      blueprint: service\n      query:\n${query}`,
    );

  it("accepts Port's rule forms: nested groups, relatedTo, a property path or context, isEmpty without value", () => {
    const text = withQuery(`        combinator: and
        rules:
          - {operator: relatedTo, blueprint: team, value: [payments], direction: downstream, required: false}
          - combinator: or
            rules:
              - property: {path: [domain, {relation: parent, maxHops: 3}], fromBlueprint: service}
                operator: matchAny
                value: core
              - {property: {context: userTeams, property: $identifier}, operator: containsAny, value: [x]}
              - {property: department, operator: "=", value: {context: user, property: department}}
              - {property: readme, operator: isEmpty}
              - {relation: team, operator: "=", value: payments}
              - {propertySchema: {type: string, format: url}, operator: "=", value: "https://x"}
`);
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.syncs[0]?.query).toMatchObject({
      combinator: 'and',
      rules: [{operator: 'relatedTo'}, {combinator: 'or'}],
    });
  });

  it("refuses an operator Port does not have, at the operator, naming Port's", () => {
    const text = withQuery(`        combinator: and
        rules:
          - {property: lifecycle, operator: "==", value: Production}
          - {property: $title, operator: doesNotBeginsWith, value: x}
`);
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.diagnostics.map((d) => [d.location.line, d.location.col, d.message])).toEqual([
      [
        9,
        45,
        expect.stringMatching(/^syncs\.0\.source\.query\.rules\.0\.operator must be one of "=", "!=", .*"relatedTo"$/),
      ],
    ]);
  });

  it("requires value where Port does, refuses it where Port takes none, needs relatedTo's blueprint; located", () => {
    const text = withQuery(`        combinator: and
        rules:
          - {property: lifecycle, operator: "="}
          - combinator: or
            rules:
              - {property: readme, operator: isNotEmpty, value: x}
              - {operator: relatedTo, value: payments}
              - {property: {path: []}, operator: matchAny, value: x}
              - {operator: "="}
`);
    const loaded = loadConfig(file(text), ENV);
    expect(loaded.diagnostics.map((d) => [d.location.line, d.location.col, d.message])).toEqual([
      [9, 13, `syncs.0.source.query.rules.0 is missing required key "value"${WHY}`],
      [12, 17, 'syncs.0.source.query.rules.1.rules.0: isEmpty and isNotEmpty take no value'],
      [13, 17, 'syncs.0.source.query.rules.1.rules.1 is missing required key "blueprint"'],
      [14, 35, 'syncs.0.source.query.rules.1.rules.2.property.path must NOT have fewer than 1 items'],
      [15, 17, 'syncs.0.source.query.rules.1.rules.3 is missing required key "property"'],
      [15, 17, `syncs.0.source.query.rules.1.rules.3 is missing required key "value"${WHY}`],
    ]);
  });

  it('takes a Port baseUrl with or without the /v1 the API paths start with', () => {
    for (const url of ['https://api.port.io/v1', 'https://api.port.io/v1/', 'https://api.port.io/']) {
      expect(loadConfig(file(`port: {baseUrl: "${url}"}\n${MINIMAL}`), ENV).config?.port.baseUrl, url).toBe(
        'https://api.port.io',
      );
    }
  });
});
