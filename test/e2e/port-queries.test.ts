// Port fidelity, end to end: source.query in Port's own rule forms, and a Port baseUrl ending in /v1.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {multiSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;

function withQuery(yaml: string, query: string): string {
  return yaml.replace('      blueprint: service\n', `      blueprint: service\n      query:\n${query}`);
}

beforeEach(async () => {
  s = await scenario({seed: multiSeed(), example: 'multi'});
});
afterEach(() => s.close());

describe('source.query', () => {
  it('takes nested groups, relatedTo rules and a property given as a path or a context', async () => {
    // Services of the payments or platform teams, that are in the core domain or written in Go.
    const path = s.variant('query.yaml', (yaml) =>
      withQuery(
        yaml,
        `        combinator: and
        rules:
          - {operator: relatedTo, blueprint: team, value: [payments, platform], direction: downstream}
          - combinator: or
            rules:
              - {property: {path: [domain]}, operator: matchAny, value: core}
              - {property: language, operator: "=", value: GO}
              - {property: {context: userTeams, property: $identifier}, operator: containsAny, value: [payments]}
`,
      ),
    );
    expect((await s.run('validate', '-c', path)).code).toBe(0);
    const apply = await s.run('apply', '-c', path, '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    const services = await s.emulator.entries((await s.emulator.catalogType('Custom["PortService"]')).id);
    expect(services.map((e) => e.external_id).sort()).toEqual(['design-system', 'ledger', 'notifications']);
  });

  it('a rule without the value its operator needs is a located config error, before any request', async () => {
    const text = withQuery(
      s.text,
      '        combinator: and\n        rules:\n          - {property: lifecycle, operator: "!="}\n',
    );
    const path = s.variant('no-value.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('operator: "!="')) + 1;
    const result = await s.run('validate', '-c', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path}:${line}:13: syncs.0.source.query.rules.0 is missing required key "value"`);
    expect(await s.requests()).toEqual([]);
  });

  it('the emulator refuses such a rule too, as Port does', async () => {
    const token = (await (
      await fetch(`${s.emulator.url}/v1/auth/access_token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}),
      })
    ).json()) as {accessToken: string};
    const search = (query: unknown) =>
      fetch(`${s.emulator.url}/v1/blueprints/service/entities/search`, {
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
    const demo = await scenario();
    try {
      const result = await demo.runWith({env: {PORT_API_URL: `${demo.emulator.url}/v1/`}}, 'plan');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Plan: 7 to create');
    } finally {
      await demo.close();
    }
  });
});
