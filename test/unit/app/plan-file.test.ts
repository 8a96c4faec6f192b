// The config digest a saved plan carries: any change to what a sync means refuses the plan; a
// change of secret, a comment or a moved line does not.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../../src/config/load-config.js';
import {configDigest} from '../../../src/app/plan-file.js';

const dir = mkdtempSync(join(tmpdir(), 'reconcile-digest-'));
let n = 0;
const ENV = {PORT_CLIENT_ID: 'id', PORT_CLIENT_SECRET: 'secret', INCIDENT_IO_API_KEY: 'key'};

const BASE = `version: 1
port:
  baseUrl: https://api.port.io
  clientId: \${PORT_CLIENT_ID}
  clientSecret: \${PORT_CLIENT_SECRET}
incident:
  apiKey: \${INCIDENT_IO_API_KEY}
syncs:
  - name: services
    source:
      blueprint: service
      query: {combinator: and, rules: [{property: team, operator: "=", value: payments}]}
      filter: properties.lifecycle != "Deprecated"
    target:
      type:
        name: Services
        typeName: Custom["Services"]
        attributes:
          - {name: url, type: String}
    entry: {externalId: identifier, name: title}
    attributes:
      url: properties.url
    prune: true
    maxDeletePercent: 20
`;

function digestOf(text: string, env: Record<string, string> = ENV): string {
  const file = join(dir, `c${(n += 1)}.yaml`);
  writeFileSync(file, text);
  const loaded = loadConfig(file, env);
  expect(loaded.diagnostics).toEqual([]);
  return configDigest(loaded.config!);
}

describe('configDigest', () => {
  const base = digestOf(BASE);

  it.each([
    ['the source query', 'value: payments', 'value: platform'],
    ['the filter', 'properties.lifecycle != "Deprecated"', 'properties.lifecycle = "Production"'],
    ['the declared type', 'typeName: Custom["Services"]', 'typeName: Custom["Servicez"]'],
    ['a declared attribute', '{name: url, type: String}', '{name: url, type: Text}'],
    ['a mapping expression', 'url: properties.url', 'url: $lowercase(properties.url)'],
    ['prune', 'prune: true', 'prune: false'],
    ['maxDeletePercent', 'maxDeletePercent: 20', 'maxDeletePercent: 50'],
    ['the Port base URL', 'baseUrl: https://api.port.io', 'baseUrl: https://api.us.port.io'],
    ['the blueprint', 'blueprint: service', 'blueprint: microservice'],
    ['the external ID mapping', 'externalId: identifier', 'externalId: properties.slug'],
    ['the entry name mapping', 'name: title}', 'name: identifier}'],
  ])('changes with %s', (_what, from, to) => {
    expect(BASE).toContain(from);
    expect(digestOf(BASE.replace(from, to))).not.toBe(base);
  });

  it('leaves out secrets, comments and positions', () => {
    expect(digestOf(BASE, {...ENV, PORT_CLIENT_SECRET: 'other', INCIDENT_IO_API_KEY: 'other'})).toBe(base);
    expect(digestOf(`# a comment\n\n${BASE}`)).toBe(base);
  });
});
