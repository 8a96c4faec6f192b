// The whole catalog as code: declared types, several syncs with references, in dependency order.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const CONFIG = 'examples/multi/sync.config.yaml';
const TEXT = readFileSync(CONFIG, 'utf8');
const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'reconcile-multi-'));
const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
let emulator: EmulatorHandle;
let env: Record<string, string>;

function variant(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function types(): Promise<any[]> {
  return (await (await fetch(`${emulator.url}/v3/catalog_types`, {headers: KEY})).json() as any).catalog_types;
}

beforeEach(async () => {
  emulator = await startTestEmulator(structuredClone(SEED));
  env = {PORT_API_URL: emulator.url, INCIDENT_API_URL: emulator.url, PORT_CLIENT_ID: 'demo-client-id', PORT_CLIENT_SECRET: 'demo-client-secret', INCIDENT_IO_API_KEY: 'demo-incident-api-key'};
});
afterEach(() => emulator.close());

describe('declared types and references', () => {
  it('creates the types, writes referenced entries first, and writes nothing the second time', async () => {
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const all = await types();
    expect(all.map((t) => t.type_name).sort()).toEqual(['Custom["PortDomain"]', 'Custom["PortService"]', 'Custom["PortTeam"]']);
    const service = all.find((t) => t.type_name === 'Custom["PortService"]');
    expect(service.schema.attributes.map((a: any) => `${a.name}:${a.type}`)).toEqual(['url:String', 'language:String', 'lifecycle:String', 'owner:Custom["PortTeam"]', 'domain:Custom["PortDomain"]']);
    expect(service.annotations).toMatchObject({'reconcile.sync-id': 'services'});

    // Dependency order: the emulator refuses (422) a reference to an entry that does not exist yet,
    // so ten creates and not one refusal mean every team and domain was written before its services.
    const log = (await emulator.requests()).filter((r) => r.method === 'POST' && r.path === '/v3/catalog_entries');
    expect(log.map((r) => r.status)).toEqual(Array(10).fill(201));
    const teamsAndDomains = await emulator.entries(all.find((t) => t.type_name === 'Custom["PortTeam"]').id);
    expect(teamsAndDomains).toHaveLength(3);
    const services = await emulator.entries(service.id);
    const ledger = services.find((e) => e.external_id === 'ledger');
    const owner = ledger.attribute_values[service.schema.attributes[3].id].value.literal;
    expect(teamsAndDomains.find((e) => e.id === owner)?.external_id).toBe('payments'); // stored as the team entry's ID
    const shown: any = await (await fetch(`${emulator.url}/v3/catalog_entries/${ledger.id}`, {headers: KEY})).json();
    expect(shown.catalog_entry.attribute_values[service.schema.attributes[3].id]).toEqual({value: {literal: owner, label: 'Payments'}}); // labelled with its name

    await emulator.clearRequests();
    const again = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(again.stdout).toContain('No changes.');
    expect(await emulator.writes()).toEqual([]);
  });

  it('adds an attribute through update_schema, and removes one only with --allow-attribute-removal', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    const added = variant('added.yaml', TEXT.replace("          - {name: lead, type: String}\n", "          - {name: lead, type: String}\n          - {name: size, type: Number}\n").replace('      lead: properties.lead\n', '      lead: properties.lead\n      size: $count(properties.slack)\n'));
    const plan = await runCli(['plan', '-c', added], env);
    expect(plan.stdout).toContain('# catalog type "Port Teams" (Custom["PortTeam"]) will be updated in-place');
    expect(plan.stdout).toContain('+ attribute "size" (Number)');
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete.');
    await emulator.clearRequests();
    expect((await runCli(['apply', '-c', added, '--auto-approve'], env)).code).toBe(0);
    expect((await emulator.writes()).map((w) => w.path.replace(/\/v3\/catalog_types\/\w+/, '/v3/catalog_types/T'))).toContain('/v3/catalog_types/T/actions/update_schema');
    const teams = (await types()).find((t) => t.type_name === 'Custom["PortTeam"]');
    expect(teams.schema.attributes.map((a: any) => a.name)).toEqual(['slack', 'lead', 'size']);

    const removed = variant('removed.yaml', TEXT.replace("          - {name: lead, type: String}\n", '').replace('      lead: properties.lead\n', ''));
    const refused = await runCli(['apply', '-c', removed, '--auto-approve'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('removing attributes "lead", "size" from catalog type "Port Teams" destroys their values');
    const allowed = await runCli(['apply', '-c', removed, '--auto-approve', '--allow-attribute-removal'], env);
    expect(allowed.code).toBe(0);
    expect((await types()).find((t) => t.type_name === 'Custom["PortTeam"]').schema.attributes.map((a: any) => a.name)).toEqual(['slack']);
  });

  it('creates a type with its source_repo_url, and changes it in place like the other fields', async () => {
    const repo = 'https://github.com/acme/catalog';
    const withUrl = (url: string): string =>
      TEXT.replace('        icon: server\n', `        icon: server\n        sourceRepoUrl: ${url}\n`);
    const withRepo = variant('repo.yaml', withUrl(repo));
    const plan = await runCli(['plan', '-c', withRepo], env);
    expect(plan.stdout).toContain(`+ source_repo_url = "${repo}"`);
    const created = await runCli(['plan', '-c', withRepo, '--format', 'markdown'], env);
    expect(created.stdout)
      .toContain('@@ + catalog type "Port Services" (Custom["PortService"]) @@\n+     name = "Port Services"\n');
    expect(created.stdout).toContain(`+     source_repo_url = "${repo}"\n`);
    expect((await runCli(['apply', '-c', withRepo, '--auto-approve'], env)).code).toBe(0);
    const service = async (): Promise<any> => (await types()).find((t) => t.type_name === 'Custom["PortService"]');
    expect((await service()).source_repo_url).toBe(repo);
    expect((await runCli(['plan', '-c', withRepo, '--detailed-exitcode'], env)).code).toBe(0);

    const moved = variant('moved.yaml', withUrl(`${repo}-v2`));
    const change = await runCli(['plan', '-c', moved, '--detailed-exitcode'], env);
    expect(change.code).toBe(2);
    expect(change.stdout).toContain(`~ source_repo_url = "${repo}" -> "${repo}-v2"`);
    const markdown = await runCli(['plan', '-c', moved, '--format', 'markdown'], env);
    expect(markdown.stdout).toContain(`-     source_repo_url = "${repo}"\n+     source_repo_url = "${repo}-v2"`);
    await emulator.clearRequests();
    expect((await runCli(['apply', '-c', moved, '--auto-approve'], env)).code).toBe(0);
    expect((await emulator.writes()).map((w) => w.method)).toEqual(['PUT']);
    expect((await service()).source_repo_url).toBe(`${repo}-v2`);
    // Taken out of the config, it is left as it is (like color and icon), not cleared.
    expect((await runCli(['plan', '-c', CONFIG, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it('refuses a declared type that belongs to another sync, and one another tool filled without --adopt', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    const renamed = variant('renamed.yaml', TEXT.replace('  - name: teams\n', '  - name: crew\n'));
    expect(TEXT).toContain('  - name: teams\n');
    const other = await runCli(['plan', '-c', renamed], env);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('catalog type "Port Teams" belongs to sync "teams"');

    const teams = (await types()).find((t) => t.type_name === 'Custom["PortTeam"]');
    const put = await fetch(`${emulator.url}/v3/catalog_types/${teams.id}`, {
      method: 'PUT', headers: KEY,
      body: JSON.stringify({name: teams.name, description: teams.description, annotations: {}}),
    });
    expect(put.status).toBe(200);
    const unclaimed = await runCli(['plan', '-c', CONFIG], env);
    expect(unclaimed.code).toBe(3);
    expect(unclaimed.stderr).toContain('entries with external IDs that no reconcile sync has claimed');
    expect((await runCli(['plan', '-c', CONFIG, '--adopt'], env)).code).toBe(0);
  });

  it('names both ends of a reference to an entity no sync produces', async () => {
    const seed = structuredClone(SEED);
    seed.port.entities.service[0].relations.team = 'ghost-team';
    const other = await startTestEmulator(seed);
    try {
      const result = await runCli(['plan', '-c', CONFIG], {...env, PORT_API_URL: other.url, INCIDENT_API_URL: other.url});
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('sync "services", entity "payments-api", attribute "owner" → "ghost-team": sync "teams" produces no entry with that external ID');
    } finally {
      await other.close();
    }
  });

  it('refuses declared types that reference each other while they do not exist yet, before any write', async () => {
    const cyclic = variant('cycle.yaml', TEXT.replace("          - {name: lead, type: String}\n", "          - {name: lead, type: String}\n          - {name: flagship, type: 'Custom[\"PortService\"]'}\n"));
    // Types may reference each other once they exist (apply writes such references in a second pass);
    // validate reads nothing, so it cannot tell. The plan can: neither type can be created first.
    expect((await runCli(['validate', '-c', cyclic], env)).code).toBe(0);
    const result = await runCli(['apply', '-c', cyclic, '--auto-approve'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/in a cycle: (services → teams → services|teams → services → teams)/);
    expect(result.stderr).toContain('does not exist yet');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('saved plans with declared types', () => {
  it('create the types when applied, and are stale once the type exists', async () => {
    const out = join(dir, `multi-${Date.now()}.json`);
    await runCli(['plan', '-c', CONFIG, '--out', out], env);
    const stale = join(dir, `multi-stale-${Date.now()}.json`);
    await runCli(['plan', '-c', CONFIG, '--out', stale], env);
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const again = await runCli(['apply', '-c', CONFIG, stale], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('catalog type Custom["PortTeam"] was planned to be created, but it exists now');
    expect(again.stderr).toContain(`Saved plan is stale: 3 catalog types moved since ${stale} was made.`);
  });

  it('are stale, with nothing written, when a declared type\'s schema moved since', async () => {
    // update_schema would refuse the old version, but only after the other syncs were written
    // (review 8b): the version is compared up front, with the entries.
    const http = 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\n  backoffMaxMs: 2\nsyncs:';
    const base = variant('schema-base.yaml', TEXT.replace('syncs:', http));
    expect((await runCli(['apply', '-c', base, '--auto-approve'], env)).code).toBe(0);
    const lead = '          - {name: lead, type: String}\n';
    const grown = variant('schema-grown.yaml', readFileSync(base, 'utf8')
      .replace(lead, `${lead}          - {name: size, type: Number}\n`)
      .replace('      lead: properties.lead\n', '      lead: properties.lead\n      size: $count(properties.slack)\n'));
    // Another sync's change in the same plan: a new domain.
    await emulator.putEntity('domain', {identifier: 'new-domain', title: 'New domain', properties: {}});
    const out = join(dir, `schema-grown-${Date.now()}.json`);
    expect((await runCli(['plan', '-c', grown, '--out', out], env)).code).toBe(0);
    // Someone adds an attribute to the teams type by hand.
    const team = (await types()).find((t) => t.type_name === 'Custom["PortTeam"]');
    const res = await fetch(`${emulator.url}/v3/catalog_types/${team.id}/actions/update_schema`, {
      method: 'POST', headers: KEY,
      body: JSON.stringify({
        version: team.schema.version,
        attributes: [...team.schema.attributes, {name: 'oncall', type: 'String', array: false}],
      }),
    });
    expect(res.status).toBe(200);
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', grown, out], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      `Saved plan is stale: 1 catalog type moved since ${out} was made. Nothing was written; make a new plan.`,
    );
    const {version} = team.schema;
    expect(apply.stderr).toContain(
      'sync "teams": catalog type "Port Teams" (Custom["PortTeam"]) changed: ' +
        `the plan was made against schema version ${version}, it is at version ${version + 1} now`,
    );
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('derived attributes added by hand', () => {
  async function updateSchema(type: any, attributes: any[]): Promise<void> {
    const res = await fetch(`${emulator.url}/v3/catalog_types/${type.id}/actions/update_schema`, {
      method: 'POST',
      headers: KEY,
      body: JSON.stringify({version: type.schema.version, attributes}),
    });
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  }

  it("update_schema sends back a backlink's backlink_attribute and a path's path unchanged", async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    let all = await types();
    const team = all.find((t) => t.type_name === 'Custom["PortTeam"]');
    const service = all.find((t) => t.type_name === 'Custom["PortService"]');
    const owner = service.schema.attributes.find((a: any) => a.name === 'owner');
    const lead = team.schema.attributes.find((a: any) => a.name === 'lead');
    // In the UI: each team lists its services (a backlink), each service shows its owner's lead (a path).
    await updateSchema(team, [
      ...team.schema.attributes,
      {
        id: 'BACKLINK',
        name: 'services',
        type: 'Custom["PortService"]',
        array: true,
        mode: 'backlink',
        backlink_attribute: owner.id,
      },
    ]);
    await updateSchema(service, [
      ...service.schema.attributes,
      {
        id: 'PATH',
        name: 'owner lead',
        type: 'String',
        array: false,
        mode: 'path',
        path: [{attribute_id: owner.id}, {attribute_id: lead.id}],
      },
    ]);
    const derivedBefore = (await types()).map((t) =>
      t.schema.attributes.filter((a: any) => a.mode === 'backlink' || a.mode === 'path'),
    );

    const added = variant(
      'grown.yaml',
      TEXT.replace(
        '          - {name: lead, type: String}\n',
        '          - {name: lead, type: String}\n          - {name: size, type: Number}\n',
      ).replace(
        '          - {name: domain, type: \'Custom["PortDomain"]\'}\n',
        '          - {name: domain, type: \'Custom["PortDomain"]\'}\n          - {name: tier, type: String}\n',
      ),
    );
    const apply = await runCli(['apply', '-c', added, '--auto-approve'], env);
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);

    all = await types();
    expect(all.map((t) => t.schema.attributes.filter((a: any) => a.mode === 'backlink' || a.mode === 'path'))).toEqual(
      derivedBefore,
    );
    expect(all.find((t) => t.type_name === 'Custom["PortTeam"]').schema.attributes.map((a: any) => a.name)).toEqual([
      'slack',
      'lead',
      'services',
      'size',
    ]);
    const payments = (await emulator.entries(team.id)).find((e) => e.external_id === 'payments');
    const ledger = (await emulator.entries(service.id)).find((e) => e.external_id === 'ledger');
    expect(payments.attribute_values.BACKLINK.array_value.map((v: any) => v.literal)).toContain(ledger.id);
    expect(ledger.attribute_values.PATH.value.literal).toBe('ana');

    await emulator.clearRequests();
    const again = await runCli(['apply', '-c', added, '--auto-approve'], env);
    expect(again.stdout).toContain('No changes.');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('annotations of a declared type', () => {
  async function annotate(typeName: string, extra: Record<string, string>): Promise<void> {
    const type = (await types()).find((t) => t.type_name === typeName);
    const body = {
      name: type.name,
      description: type.description,
      categories: type.categories,
      color: type.color,
      icon: type.icon,
      annotations: {...type.annotations, ...extra},
    };
    expect(
      (
        await fetch(`${emulator.url}/v3/catalog_types/${type.id}`, {
          method: 'PUT',
          headers: KEY,
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(200);
  }

  it('changing the type keeps annotations others set, even after the plan was made', async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    await annotate('Custom["PortTeam"]', {'example.com/team': 'sre'});
    const changed = variant(
      'described.yaml',
      TEXT.replace('description: Teams from Port', 'description: Teams, from Port'),
    );
    const out = join(dir, `described-${Date.now()}.json`);
    expect((await runCli(['plan', '-c', changed, '--out', out], env)).stdout).toContain('will be updated in-place');
    await annotate('Custom["PortTeam"]', {'example.com/tier': '1'});
    const apply = await runCli(['apply', '-c', changed, out], env);
    expect(apply.code).toBe(0);
    const team = (await types()).find((t) => t.type_name === 'Custom["PortTeam"]');
    expect(team.description).toBe('Teams, from Port');
    expect(team.annotations).toEqual({
      'example.com/team': 'sre',
      'example.com/tier': '1',
      'reconcile.sync-id': 'teams',
      'reconcile.attributes': '["slack","lead"]',
    });
  });

  it('a declared type that another sync owns is refused, in plan and in a saved plan', async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    const renamed = variant('renamed.yaml', TEXT.replace('  - name: teams\n', '  - name: people\n'));
    const plan = await runCli(['plan', '-c', renamed], env);
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('catalog type "Port Teams" belongs to sync "teams" (annotation reconcile.sync-id)');

    const described = variant(
      'described-again.yaml',
      TEXT.replace('description: Teams from Port', 'description: Teams, from Port'),
    );
    const saved = join(dir, `owned-${Date.now()}.json`);
    expect((await runCli(['plan', '-c', described, '--out', saved], env)).code).toBe(0);
    await annotate('Custom["PortTeam"]', {'reconcile.sync-id': 'people'});
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', described, saved], env);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('catalog type "Port Teams" belongs to sync "people"');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('--sync', () => {
  it('plans one sync, checking its references against the live entries of the syncs left out', async () => {
    // Teams and domains do not exist yet, and --sync services would not create them: refused, no write.
    const refused = await runCli(['apply', '-c', CONFIG, '--sync', 'services', '--auto-approve'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('attribute "owner" → "payments"');
    expect(refused.stderr).toContain('sync "teams", which would create it, is not in this run (--sync)');
    expect(await emulator.writes()).toEqual([]);

    const others = await runCli(['apply', '-c', CONFIG, '--sync', 'teams', '--sync', 'domains', '--auto-approve'], env);
    expect(others.code).toBe(0);
    const plan = await runCli(['plan', '-c', CONFIG, '--sync', 'services'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Sync "services"');
    expect(plan.stdout).not.toContain('Sync "teams"');
    expect(plan.stdout).toContain('Plan: 5 to create, 0 to update, 0 to delete.');
  });
});

describe('the emulator\'s update_schema', () => {
  it('refuses a stale version', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    const team = (await types()).find((t) => t.type_name === 'Custom["PortTeam"]');
    const res = await fetch(`${emulator.url}/v3/catalog_types/${team.id}/actions/update_schema`, {method: 'POST', headers: KEY, body: JSON.stringify({version: team.schema.version - 1, attributes: team.schema.attributes})});
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('is not the current one');
  });
});
