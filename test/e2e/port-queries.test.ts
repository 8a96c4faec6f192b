// Port fidelity, end to end: source.query in Port's own rule forms, and a Port baseUrl ending in /v1.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const MULTI = readFileSync('examples/multi/sync.config.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'reconcile-port-queries-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function withQuery(query: string): string {
  return MULTI.replace('      blueprint: service\n', `      blueprint: service\n      query:\n${query}`);
}

beforeEach(async () => {
  emulator = await startTestEmulator(structuredClone(SEED));
  env = {
    PORT_API_URL: emulator.url,
    INCIDENT_API_URL: emulator.url,
    PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: 'demo-incident-api-key',
  };
});
afterEach(() => emulator.close());

describe('source.query', () => {
  it('takes nested groups, relatedTo rules and a property given as a path or a context', async () => {
    // Services of the payments or platform teams, that are in the core domain or written in Go.
    const path = file(
      'query.yaml',
      withQuery(`        combinator: and
        rules:
          - {operator: relatedTo, blueprint: team, value: [payments, platform], direction: downstream}
          - combinator: or
            rules:
              - {property: {path: [domain]}, operator: matchAny, value: core}
              - {property: language, operator: "=", value: GO}
              - {property: {context: userTeams, property: $identifier}, operator: containsAny, value: [payments]}
`),
    );
    expect((await runCli(['validate', '-c', path], env)).code).toBe(0);
    const apply = await runCli(['apply', '-c', path, '--auto-approve'], env);
    expect(apply.code, apply.stderr).toBe(0);
    const services = await emulator.entries((await emulator.catalogType('Custom["PortService"]')).id);
    expect(services.map((e) => e.external_id).sort()).toEqual(['design-system', 'ledger', 'notifications']);
  });

  it('a rule without the value its operator needs is a located config error, before any request', async () => {
    const text = withQuery(
      '        combinator: and\n        rules:\n          - {property: lifecycle, operator: "!="}\n',
    );
    const path = file('no-value.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('operator: "!="')) + 1;
    const result = await runCli(['validate', '-c', path], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path}:${line}:13: syncs.0.source.query.rules.0 is missing required key "value"`);
    expect(await emulator.requests()).toEqual([]);
  });

  it('the emulator refuses such a rule too, as Port does', async () => {
    const token = (await (
      await fetch(`${emulator.url}/v1/auth/access_token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}),
      })
    ).json()) as {accessToken: string};
    const search = (query: unknown) =>
      fetch(`${emulator.url}/v1/blueprints/service/entities/search`, {
        method: 'POST',
        headers: {'content-type': 'application/json', authorization: `Bearer ${token.accessToken}`},
        body: JSON.stringify({query}),
      });
    const refused = await search({combinator: 'and', rules: [{property: 'lifecycle', operator: '='}]});
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as {message: string}).message).toContain('operator "=" needs a value');
    expect(
      (await search({combinator: 'and', rules: [{property: 'lifecycle', operator: 'isEmpty', value: 'x'}]})).status,
    ).toBe(422);
    expect((await search({combinator: 'and', rules: [{property: 'lifecycle', operator: 'isNotEmpty'}]})).status).toBe(
      200,
    );
  });
});

describe('port.baseUrl', () => {
  it("works with the /v1 that Port's paths start with", async () => {
    const demo = await startTestEmulator();
    try {
      const result = await runCli(['plan', '-c', 'examples/sync.config.yaml'], {
        ...demoEnv(demo),
        PORT_API_URL: `${demo.url}/v1/`,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Plan: 7 to create');
    } finally {
      await demo.close();
    }
  });
});
