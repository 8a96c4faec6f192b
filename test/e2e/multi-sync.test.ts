// The whole catalog as code: declared types, several syncs with references, in dependency order.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {multiSeed, type CatalogType, type Entry} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';
import {teamsWithSize} from '../helpers/config-edits.js';

let s: Scenario;

beforeEach(async () => {
  s = await scenario({seed: multiSeed(), example: 'multi'});
});
afterEach(() => s.close());

describe('declared types and references', () => {
  it('creates the types, writes referenced entries first, and writes nothing the second time', async () => {
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const all = await s.emulator.catalogTypes();
    expect(all.map((t) => t.type_name).sort()).toEqual([
      'Custom["PortDomain"]',
      'Custom["PortService"]',
      'Custom["PortTeam"]',
    ]);
    const service = await s.emulator.catalogType('Custom["PortService"]');
    expect(service.schema.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'url:String',
      'language:String',
      'lifecycle:String',
      'owner:Custom["PortTeam"]',
      'domain:Custom["PortDomain"]',
    ]);
    expect(service.annotations).toMatchObject({'reconcile.sync-id': 'services'});

    // Dependency order: the emulator refuses (422) a reference to an entry that does not exist yet,
    // so ten creates and not one refusal mean every team and domain was written before its services.
    const log = (await s.requests()).filter((r) => r.method === 'POST' && r.path === '/v3/catalog_entries');
    expect(log.map((r) => r.status)).toEqual(Array(10).fill(201));
    const teamsAndDomains = await s.emulator.entries((await s.emulator.catalogType('Custom["PortTeam"]')).id);
    expect(teamsAndDomains).toHaveLength(3);
    const services = await s.emulator.entries(service.id);
    const ledger = services.find((e) => e.external_id === 'ledger')!;
    const ownerId = service.schema.attributes[3]!.id;
    const owner = ledger.attribute_values[ownerId]?.value?.literal;
    expect(teamsAndDomains.find((e) => e.id === owner)?.external_id).toBe('payments'); // stored as the team entry's ID
    const shown = (await s.emulator.incident<{catalog_entry: Entry}>('GET', `/v3/catalog_entries/${ledger.id}`)).body;
    expect(shown.catalog_entry.attribute_values[ownerId]).toEqual({value: {literal: owner, label: 'Payments'}}); // labelled with its name

    await s.clearRequests();
    const again = await s.run('apply', '--auto-approve');
    expect(again.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
  });

  it('adds an attribute through update_schema, and removes one only with --allow-attribute-removal', async () => {
    await s.run('apply', '--auto-approve');
    const added = s.variant('added.yaml', teamsWithSize);
    const plan = await s.run('plan', '-c', added);
    expect(plan.stdout).toContain('# catalog type "Port Teams" (Custom["PortTeam"]) will be updated in-place');
    expect(plan.stdout).toContain('+ attribute "size" (Number)');
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete.');
    await s.clearRequests();
    expect((await s.run('apply', '-c', added, '--auto-approve')).code).toBe(0);
    expect((await s.writes()).map((w) => w.path.replace(/\/v3\/catalog_types\/\w+/, '/v3/catalog_types/T'))).toContain(
      '/v3/catalog_types/T/actions/update_schema',
    );
    const teams = await s.emulator.catalogType('Custom["PortTeam"]');
    expect(teams.schema.attributes.map((a) => a.name)).toEqual(['slack', 'lead', 'size']);

    const removed = s.variant('removed.yaml', (yaml) =>
      yaml.replace('          - {name: lead, type: String}\n', '').replace('      lead: properties.lead\n', ''),
    );
    const refused = await s.run('apply', '-c', removed, '--auto-approve');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'removing attributes "lead", "size" from catalog type "Port Teams" destroys their values',
    );
    const allowed = await s.run('apply', '-c', removed, '--auto-approve', '--allow-attribute-removal');
    expect(allowed.code).toBe(0);
    const after = await s.emulator.catalogType('Custom["PortTeam"]');
    expect(after.schema.attributes.map((a) => a.name)).toEqual(['slack']);
  });

  it('creates a type with its source_repo_url, and changes it in place like the other fields', async () => {
    const repo = 'https://github.com/acme/catalog';
    const withUrl =
      (url: string) =>
      (yaml: string): string =>
        yaml.replace('        icon: server\n', `        icon: server\n        sourceRepoUrl: ${url}\n`);
    const withRepo = s.variant('repo.yaml', withUrl(repo));
    const plan = await s.run('plan', '-c', withRepo);
    expect(plan.stdout).toContain(`+ source_repo_url = "${repo}"`);
    const created = await s.run('plan', '-c', withRepo, '--format', 'markdown');
    expect(created.stdout).toContain(
      '@@ + catalog type "Port Services" (Custom["PortService"]) @@\n+     name = "Port Services"\n',
    );
    expect(created.stdout).toContain(`+     source_repo_url = "${repo}"\n`);
    expect((await s.run('apply', '-c', withRepo, '--auto-approve')).code).toBe(0);
    const service = (): Promise<CatalogType> => s.emulator.catalogType('Custom["PortService"]');
    expect((await service()).source_repo_url).toBe(repo);
    expect((await s.run('plan', '-c', withRepo, '--detailed-exitcode')).code).toBe(0);

    const moved = s.variant('moved.yaml', withUrl(`${repo}-v2`));
    const change = await s.run('plan', '-c', moved, '--detailed-exitcode');
    expect(change.code).toBe(2);
    expect(change.stdout).toContain(`~ source_repo_url = "${repo}" -> "${repo}-v2"`);
    const markdown = await s.run('plan', '-c', moved, '--format', 'markdown');
    expect(markdown.stdout).toContain(`-     source_repo_url = "${repo}"\n+     source_repo_url = "${repo}-v2"`);
    await s.clearRequests();
    expect((await s.run('apply', '-c', moved, '--auto-approve')).code).toBe(0);
    expect((await s.writes()).map((w) => w.method)).toEqual(['PUT']);
    expect((await service()).source_repo_url).toBe(`${repo}-v2`);
    // Taken out of the config, it is left as it is (like color and icon), not cleared.
    expect((await s.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses a declared type that belongs to another sync, and one another tool filled without --adopt', async () => {
    await s.run('apply', '--auto-approve');
    const renamed = s.variant('renamed.yaml', (yaml) => yaml.replace('  - name: teams\n', '  - name: crew\n'));
    expect(s.text).toContain('  - name: teams\n');
    const other = await s.run('plan', '-c', renamed);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('catalog type "Port Teams" belongs to sync "teams"');

    const teams = await s.emulator.catalogType('Custom["PortTeam"]');
    const put = await s.emulator.incident('PUT', `/v3/catalog_types/${teams.id}`, {
      name: teams.name,
      description: teams.description,
      annotations: {},
    });
    expect(put.status).toBe(200);
    const unclaimed = await s.run('plan');
    expect(unclaimed.code).toBe(3);
    expect(unclaimed.stderr).toContain('entries with external IDs that no reconcile sync has claimed');
    expect((await s.run('plan', '--adopt')).code).toBe(0);
  });

  it('names both ends of a reference to an entity no sync produces', async () => {
    const seed = multiSeed();
    seed.port.entities.service[0]!.relations!['team'] = 'ghost-team';
    const other = await scenario({seed, example: 'multi'});
    try {
      const result = await other.run('plan');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'sync "services", entity "payments-api", attribute "owner" → "ghost-team": sync "teams" produces no entry with that external ID',
      );
    } finally {
      await other.close();
    }
  });

  it('refuses declared types that reference each other while they do not exist yet, before any write', async () => {
    const lead = '          - {name: lead, type: String}\n';
    const flagship = '          - {name: flagship, type: \'Custom["PortService"]\'}\n';
    const cyclic = s.variant('cycle.yaml', (yaml) => yaml.replace(lead, lead + flagship));
    // Types may reference each other once they exist (apply writes such references in a second pass);
    // validate reads nothing, so it cannot tell. The plan can: neither type can be created first.
    expect((await s.run('validate', '-c', cyclic)).code).toBe(0);
    const result = await s.run('apply', '-c', cyclic, '--auto-approve');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/in a cycle: (services → teams → services|teams → services → teams)/);
    expect(result.stderr).toContain('does not exist yet');
    expect(await s.writes()).toEqual([]);
  });
});

describe('saved plans with declared types', () => {
  it('create the types when applied, and are stale once the type exists', async () => {
    const out = s.file('multi.json');
    await s.run('plan', '--out', out);
    const stale = s.file('multi-stale.json');
    await s.run('plan', '--out', stale);
    const apply = await s.run('apply', out);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const again = await s.run('apply', stale);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('catalog type Custom["PortTeam"] was planned to be created, but it exists now');
    expect(again.stderr).toContain(`Saved plan is stale: 3 catalog types moved since ${stale} was made.`);
  });

  it("are stale, with nothing written, when a declared type's schema moved since", async () => {
    // update_schema would refuse the old version, but only after the other syncs were written
    // (review 8b): the version is compared up front, with the entries.
    const http = 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\n  backoffMaxMs: 2\nsyncs:';
    const base = s.variant('schema-base.yaml', (yaml) => yaml.replace('syncs:', http));
    expect((await s.run('apply', '-c', base, '--auto-approve')).code).toBe(0);
    const grown = s.variant('schema-grown.yaml', (yaml) => teamsWithSize(yaml.replace('syncs:', http)));
    // Another sync's change in the same plan: a new domain.
    await s.emulator.putEntity('domain', {identifier: 'new-domain', title: 'New domain', properties: {}});
    const out = s.file('schema-grown.json');
    expect((await s.run('plan', '-c', grown, '--out', out)).code).toBe(0);
    // Someone adds an attribute to the teams type by hand.
    const team = await s.emulator.catalogType('Custom["PortTeam"]');
    const res = await s.emulator.incident('POST', `/v3/catalog_types/${team.id}/actions/update_schema`, {
      version: team.schema.version,
      attributes: [...team.schema.attributes, {name: 'oncall', type: 'String', array: false}],
    });
    expect(res.status).toBe(200);
    await s.clearRequests();
    const apply = await s.run('apply', '-c', grown, out);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      `Saved plan is stale: 1 catalog type moved since ${out} was made. Nothing was written; make a new plan.`,
    );
    const {version} = team.schema;
    expect(apply.stderr).toContain(
      'sync "teams": catalog type "Port Teams" (Custom["PortTeam"]) changed: ' +
        `the plan was made against schema version ${version}, it is at version ${version + 1} now`,
    );
    expect(await s.writes()).toEqual([]);
  });
});

describe('derived attributes added by hand', () => {
  async function updateSchema(type: CatalogType, attributes: unknown[]): Promise<void> {
    const res = await s.emulator.incident('POST', `/v3/catalog_types/${type.id}/actions/update_schema`, {
      version: type.schema.version,
      attributes,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  it("update_schema sends back a backlink's backlink_attribute and a path's path unchanged", async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const team = await s.emulator.catalogType('Custom["PortTeam"]');
    const service = await s.emulator.catalogType('Custom["PortService"]');
    const owner = service.schema.attributes.find((a) => a.name === 'owner')!;
    const lead = team.schema.attributes.find((a) => a.name === 'lead')!;
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
    const derivedBefore = (await s.emulator.catalogTypes()).map((t) =>
      t.schema.attributes.filter((a) => a.mode === 'backlink' || a.mode === 'path'),
    );

    const added = s.variant('grown.yaml', (yaml) =>
      yaml
        .replace(
          '          - {name: lead, type: String}\n',
          '          - {name: lead, type: String}\n          - {name: size, type: Number}\n',
        )
        .replace(
          '          - {name: domain, type: \'Custom["PortDomain"]\'}\n',
          '          - {name: domain, type: \'Custom["PortDomain"]\'}\n          - {name: tier, type: String}\n',
        ),
    );
    const apply = await s.run('apply', '-c', added, '--auto-approve');
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);

    const all = await s.emulator.catalogTypes();
    expect(all.map((t) => t.schema.attributes.filter((a) => a.mode === 'backlink' || a.mode === 'path'))).toEqual(
      derivedBefore,
    );
    expect((await s.emulator.catalogType('Custom["PortTeam"]')).schema.attributes.map((a) => a.name)).toEqual([
      'slack',
      'lead',
      'services',
      'size',
    ]);
    const payments = (await s.emulator.entries(team.id)).find((e) => e.external_id === 'payments');
    const ledger = (await s.emulator.entries(service.id)).find((e) => e.external_id === 'ledger');
    expect(payments?.attribute_values['BACKLINK']?.array_value?.map((v) => v.literal)).toContain(ledger?.id);
    expect(ledger?.attribute_values['PATH']?.value?.literal).toBe('ana');

    await s.clearRequests();
    const again = await s.run('apply', '-c', added, '--auto-approve');
    expect(again.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
  });
});

describe('annotations of a declared type', () => {
  async function annotate(typeName: string, extra: Record<string, string>): Promise<void> {
    const type = await s.emulator.catalogType(typeName);
    const body = {
      name: type.name,
      description: type.description,
      categories: type.categories,
      color: type.color,
      icon: type.icon,
      annotations: {...type.annotations, ...extra},
    };
    expect((await s.emulator.incident('PUT', `/v3/catalog_types/${type.id}`, body)).status).toBe(200);
  }

  it('changing the type keeps annotations others set, even after the plan was made', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    await annotate('Custom["PortTeam"]', {'example.com/team': 'sre'});
    const changed = s.variant('described.yaml', (yaml) =>
      yaml.replace('description: Teams from Port', 'description: Teams, from Port'),
    );
    const out = s.file('described.json');
    expect((await s.run('plan', '-c', changed, '--out', out)).stdout).toContain('will be updated in-place');
    await annotate('Custom["PortTeam"]', {'example.com/tier': '1'});
    const apply = await s.run('apply', '-c', changed, out);
    expect(apply.code).toBe(0);
    const team = await s.emulator.catalogType('Custom["PortTeam"]');
    expect(team.description).toBe('Teams, from Port');
    expect(team.annotations).toEqual({
      'example.com/team': 'sre',
      'example.com/tier': '1',
      'reconcile.sync-id': 'teams',
      'reconcile.attributes': '["slack","lead"]',
    });
  });

  it('a declared type that another sync owns is refused, in plan and in a saved plan', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const renamed = s.variant('renamed.yaml', (yaml) => yaml.replace('  - name: teams\n', '  - name: people\n'));
    const plan = await s.run('plan', '-c', renamed);
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('catalog type "Port Teams" belongs to sync "teams" (annotation reconcile.sync-id)');

    const described = s.variant('described-again.yaml', (yaml) =>
      yaml.replace('description: Teams from Port', 'description: Teams, from Port'),
    );
    const saved = s.file('owned.json');
    expect((await s.run('plan', '-c', described, '--out', saved)).code).toBe(0);
    await annotate('Custom["PortTeam"]', {'reconcile.sync-id': 'people'});
    await s.clearRequests();
    const apply = await s.run('apply', '-c', described, saved);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('catalog type "Port Teams" belongs to sync "people"');
    expect(await s.writes()).toEqual([]);
  });
});

describe('--sync', () => {
  it('plans one sync, checking its references against the live entries of the syncs left out', async () => {
    // Teams and domains do not exist yet, and --sync services would not create them: refused, no write.
    const refused = await s.run('apply', '--sync', 'services', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('attribute "owner" → "payments"');
    expect(refused.stderr).toContain('sync "teams", which would create it, is not in this run (--sync)');
    expect(await s.writes()).toEqual([]);

    const others = await s.run('apply', '--sync', 'teams', '--sync', 'domains', '--auto-approve');
    expect(others.code).toBe(0);
    const plan = await s.run('plan', '--sync', 'services');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Sync "services"');
    expect(plan.stdout).not.toContain('Sync "teams"');
    expect(plan.stdout).toContain('Plan: 5 to create, 0 to update, 0 to delete.');
  });
});

describe("the emulator's update_schema", () => {
  it('refuses a stale version', async () => {
    await s.run('apply', '--auto-approve');
    const team = await s.emulator.catalogType('Custom["PortTeam"]');
    const res = await s.emulator.incident('POST', `/v3/catalog_types/${team.id}/actions/update_schema`, {
      version: team.schema.version - 1,
      attributes: team.schema.attributes,
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('is not the current one');
  });
});
