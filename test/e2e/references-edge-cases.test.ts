// References in shapes users write (issue 8, items 1-3; first written by a reviewer as failing tests):
// --sync, self-references and mutual references on the first apply, shared aliases, mixed forms.
import {afterEach, describe, expect, it} from 'vitest';
import type {Attribute, SeedCatalogType, SeedEntity, SeedEntry, SeedInput} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const TEAM_TYPE = '01JREV0TEAM000000000000000';
const SERVICE_TYPE = '01JREV0SERVICE000000000000';
const OWNER_ATTR = '01JREV0OWNER00000000000000';
let current: Scenario | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

type SeedAttribute = Partial<Attribute> & {id: string; name: string; type: string};
function type(id: string, name: string, typeName: string, attributes: SeedAttribute[] = []): SeedCatalogType {
  return {id, name, description: name, type_name: typeName, schema: {version: 1, attributes}};
}
async function start(seedInput: SeedInput): Promise<Scenario> {
  current = await scenario({seed: seedInput});
  return current;
}
function seed(types: SeedCatalogType[], entries: SeedEntry[], entities: Record<string, SeedEntity[]>): SeedInput {
  return {
    port: {clients: [{clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}], entities},
    incident: {apiKeys: ['demo-incident-api-key'], catalogTypes: types, entries},
  };
}
/** A config of these syncs alone (no example fits these seeds), written in the scenario's folder. */
function config(syncs: string): string {
  const head = 'version: 1\nport:\n  baseUrl: ${PORT_API_URL}\nincident:\n  baseUrl: ${INCIDENT_API_URL}\nsyncs:\n';
  return current!.variant('references.yaml', head + syncs);
}
const sync = (name: string, blueprint: string, typeName: string, attrs: string) => `  - name: ${name}
    source:
      blueprint: ${blueprint}
    target:
      catalogType: '${typeName}'
    entry:
      externalId: identifier
      name: title
    attributes:${attrs === '' ? ' {}' : '\n      ' + attrs}
`;
const OWNER = {id: OWNER_ATTR, name: 'owner', type: 'Custom["Team"]', array: false};

describe('references: --sync and --target', () => {
  const types = [
    type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
    type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
  ];
  const entities = {
    team: [{identifier: 'payments', title: 'Payments'}],
    service: [{identifier: 'svc-0', title: 'S0', relations: {team: 'payments'}}],
  };
  const file = () =>
    config(
      sync('teams', 'team', 'Custom["Team"]', '') +
        sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'),
    );

  it('--sync services referencing a team that only the skipped teams sync would create: plan should refuse, not 422 at apply', async () => {
    const s = await start(seed(types, [], entities));
    const f = file();
    const apply = await s.run('apply', '-c', f, '--sync', 'services', '--auto-approve');
    const failed = (await s.writes()).filter((w) => w.status >= 400);
    expect({code: apply.code, failed: failed.length, stderr: apply.stderr}).toMatchObject({failed: 0});
  });

  it('--target svc-0 referencing a team not yet created: plan should refuse or include it, not 422 at apply', async () => {
    const s = await start(seed(types, [], entities));
    const f = file();
    const apply = await s.run('apply', '-c', f, '--target', 'svc-0', '--auto-approve');
    const failed = (await s.writes()).filter((w) => w.status >= 400);
    expect({code: apply.code, failed: failed.length, stderr: apply.stderr}).toMatchObject({failed: 0});
  });
});

describe('references: a type that references itself, first apply', () => {
  it('first apply converges (no 422s) when new entries reference each other', async () => {
    const dep = {id: '01JREV0DEP0000000000000000', name: 'depends_on', type: 'Custom["Service"]', array: true};
    const types = [type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [dep])];
    const entities = {
      service: [0, 1, 2].map((i) => ({
        identifier: `svc-${i}`,
        title: `S${i}`,
        relations: {dep: i === 2 ? [] : ['svc-2']},
      })),
    };
    const s = await start(seed(types, [], entities));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'depends_on: relations.dep'));
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    const failed = (await s.writes()).filter((w) => w.status >= 400);
    expect({
      code: apply.code,
      failed: failed.length,
      out: apply.stdout.slice(-300),
      err: apply.stderr.slice(0, 600),
    }).toMatchObject({code: 0, failed: 0});
  });
});

describe('references: a value matching several entries', () => {
  it('a value that is the alias of two existing entries is refused, naming both, the same way every run (lookups)', async () => {
    // 1000 filler teams: lookups (not a listing). Team A (first) and team B (second) share alias "core".
    const teams = [
      {
        id: '01JREV0A00000000000000000A',
        catalog_type_id: TEAM_TYPE,
        name: 'A',
        external_id: 'team-a',
        aliases: ['core'],
      },
      {
        id: '01JREV0B00000000000000000B',
        catalog_type_id: TEAM_TYPE,
        name: 'B',
        external_id: 'team-b',
        aliases: ['core'],
      },
      ...Array.from({length: 1000}, (_, i) => ({catalog_type_id: TEAM_TYPE, name: `F${i}`, external_id: `f-${i}`})),
    ];
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
    ];
    const entities = {
      service: [
        {identifier: 'svc-1', title: 'S1', relations: {team: 'team-b'}},
        {identifier: 'svc-0', title: 'S0', relations: {team: 'core'}},
      ],
    };
    const s = await start(seed(types, teams, entities));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'));
    // Which of the two incident.io would store is not defined: refused, naming both, before any write.
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      'entity "svc-0", attribute "owner" → "core": it is the alias of 2 entries ' +
        'of Custom["Team"] ("team-a", "team-b")',
    );
    expect(await s.writes()).toEqual([]);
    const errors = new Set<string>();
    for (let i = 0; i < 4; i++) errors.add((await s.run('plan', '-c', f)).stderr);
    expect([...errors]).toEqual([apply.stderr]); // the same answer every run, whatever order lookups finish in
  });

  it('a value that is the alias of two entries a sync in this config produces is refused, naming both', async () => {
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
    ];
    const entities = {
      team: ['a', 'b'].map((t) => ({identifier: `team-${t}`, title: t.toUpperCase(), properties: {alias: 'core'}})),
      service: [{identifier: 'svc-0', title: 'S0', relations: {team: 'core'}}],
    };
    const s = await start(seed(types, [], entities));
    const teams = sync('teams', 'team', 'Custom["Team"]', '').replace(
      '      name: title\n',
      '      name: title\n      aliases: "[properties.alias]"\n',
    );
    const f = config(teams + sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'));
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    expect(apply.stderr).toContain('"core": it is the alias of 2 entries of Custom["Team"] ("team-a", "team-b")');
    expect(apply.code).toBe(1);
    expect(await s.writes()).toEqual([]);
  });
});

describe('references: arrays and mixed forms', () => {
  it('array of references given as ID, external ID and alias converges', async () => {
    const owners = {id: OWNER_ATTR, name: 'owners', type: 'Custom["Team"]', array: true};
    const teams = [
      {
        id: '01JREV0A00000000000000000A',
        catalog_type_id: TEAM_TYPE,
        name: 'A',
        external_id: 'team-a',
        aliases: ['alpha'],
      },
      {id: '01JREV0B00000000000000000B', catalog_type_id: TEAM_TYPE, name: 'B', external_id: 'team-b'},
      {id: '01JREV0C00000000000000000C', catalog_type_id: TEAM_TYPE, name: 'C (no external id)', aliases: ['gamma']},
    ];
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [owners]),
    ];
    const entities = {
      service: [
        {identifier: 'svc-0', title: 'S0', relations: {team: ['alpha', '01JREV0B00000000000000000B', 'gamma']}},
        {identifier: 'svc-1', title: 'S1', relations: {team: ['01JREV0C00000000000000000C']}},
      ],
    };
    const s = await start(seed(types, teams, entities));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'owners: relations.team'));
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    expect(apply.code).toBe(0);
    await s.clearRequests();
    const plan = await s.run('plan', '-c', f);
    expect(plan.stdout).toContain('No changes.');
  });

  it('a referenced entry archived after apply: plan errors naming the value, no write', async () => {
    const teams = [{id: '01JREV0A00000000000000000A', catalog_type_id: TEAM_TYPE, name: 'A', external_id: 'team-a'}];
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
    ];
    const entities = {service: [{identifier: 'svc-0', title: 'S0', relations: {team: 'team-a'}}]};
    const s = await start(seed(types, teams, entities));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'));
    expect((await s.run('apply', '-c', f, '--auto-approve')).code).toBe(0);
    const r = await fetch(`${s.emulator.url}/v3/catalog_entries/01JREV0A00000000000000000A`, {
      method: 'DELETE',
      headers: {authorization: 'Bearer demo-incident-api-key'},
    });
    expect(r.status).toBeLessThan(300);
    const plan = await s.run('plan', '-c', f);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('"team-a"');
  });
});

describe('references: into a declared type created in the same run', () => {
  it('two declared types, the referencing one listed first: first apply converges, second plan no changes', async () => {
    const entities = {
      team: [
        {identifier: 'payments', title: 'Payments'},
        {identifier: 'growth', title: 'Growth'},
      ],
      service: [0, 1, 2, 3].map((i) => ({
        identifier: `svc-${i}`,
        title: `S${i}`,
        relations: {team: i % 2 ? 'payments' : 'growth', teams: ['payments', 'growth']},
      })),
    };
    const s = await start(seed([], [], entities));
    const f = config(`  - name: services
    source: {blueprint: service}
    target:
      type:
        name: Services
        description: d
        typeName: Custom["PortService"]
        attributes:
          - {name: owner, type: 'Custom["PortTeam"]'}
          - {name: owners, type: 'Custom["PortTeam"]', array: true}
    entry: {externalId: identifier, name: title}
    attributes:
      owner: relations.team
      owners: relations.teams
  - name: teams
    source: {blueprint: team}
    target:
      type:
        name: Teams
        description: d
        typeName: Custom["PortTeam"]
        attributes: []
    entry: {externalId: identifier, name: title}
    attributes: {}
`);
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    const failed = (await s.writes()).filter((w) => w.status >= 400);
    expect({
      code: apply.code,
      failed: failed.length,
      err: apply.stderr.slice(0, 800),
      out: apply.stdout.slice(-800),
    }).toMatchObject({code: 0, failed: 0});
    const plan = await s.run('plan', '-c', f);
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('references: 60 distinct values into a large hand-made type', () => {
  it('converges and the second plan reads by lookups', async () => {
    const teams = Array.from({length: 20_000}, (_, i) => ({
      catalog_type_id: TEAM_TYPE,
      name: `T${i}`,
      external_id: `t-${i}`,
      ...(i % 2 ? {aliases: [`alias-${i}`]} : {}),
    }));
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
    ];
    const entities = {
      service: Array.from({length: 120}, (_, i) => ({
        identifier: `svc-${i}`,
        title: `S${i}`,
        relations: {team: i % 3 ? `t-${i % 60}` : `alias-${(i % 60) | 1}`},
      })),
    };
    const s = await start(seed(types, teams, entities));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'));
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    expect(apply.code).toBe(0);
    await s.clearRequests();
    const plan = await s.run('plan', '-c', f);
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('references: two catalogType: syncs that reference each other (steady state)', () => {
  it('plans "No changes" when every entry exists (before issue 8 this planned; now exit 1 "in a cycle")', async () => {
    const LEAD = '01JREV0LEAD000000000000000';
    const types = [
      type(TEAM_TYPE, 'Team', 'Custom["Team"]', [
        {id: LEAD, name: 'lead_service', type: 'Custom["Service"]', array: false},
      ]),
      type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER]),
    ];
    const entries = [
      {
        id: '01JREV0TEAMPAY00000000000A',
        catalog_type_id: TEAM_TYPE,
        name: 'Payments',
        external_id: 'payments',
        attribute_values: {[LEAD]: {value: {literal: '01JREV0SVC000000000000000A'}}},
      },
      {
        id: '01JREV0SVC000000000000000A',
        catalog_type_id: SERVICE_TYPE,
        name: 'S0',
        external_id: 'svc-0',
        attribute_values: {[OWNER_ATTR]: {value: {literal: '01JREV0TEAMPAY00000000000A'}}},
      },
    ];
    const entities = {
      team: [{identifier: 'payments', title: 'Payments', relations: {lead: 'svc-0'}}],
      service: [{identifier: 'svc-0', title: 'S0', relations: {team: 'payments'}}],
    };
    const s = await start(seed(types, entries, entities));
    const f = config(
      sync('teams', 'team', 'Custom["Team"]', 'lead_service: relations.lead') +
        sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'),
    );
    const plan = await s.run('plan', '-c', f, '--adopt');
    expect({code: plan.code, err: plan.stderr.slice(0, 300)}).toEqual({code: 0, err: ''});
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
  });
});

describe('references: a type that uses names as identifiers', () => {
  it('a value naming a hand-made team by its name converges, read by lookups', async () => {
    const teamType = {...type(TEAM_TYPE, 'Team', 'Custom["Team"]'), use_name_as_identifier: true};
    const teams = [
      {id: '01JREV0A00000000000000000A', catalog_type_id: TEAM_TYPE, name: 'Payments', external_id: 'team-a'},
      ...Array.from({length: 300}, (_, i) => ({catalog_type_id: TEAM_TYPE, name: `F${i}`, external_id: `f-${i}`})),
    ];
    const service = (i: number) => ({identifier: `svc-${i}`, title: `S${i}`, relations: {team: 'Payments'}});
    const types = [teamType, type(SERVICE_TYPE, 'Service', 'Custom["Service"]', [OWNER])];
    const s = await start(seed(types, teams, {service: [0, 1].map(service)}));
    const f = config(sync('services', 'service', 'Custom["Service"]', 'owner: relations.team'));
    const apply = await s.run('apply', '-c', f, '--auto-approve');
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    const stored = (await s.emulator.entries(SERVICE_TYPE)).map((e) => e.attribute_values[OWNER_ATTR]?.value?.literal);
    expect(stored).toEqual(['01JREV0A00000000000000000A', '01JREV0A00000000000000000A']);
    await s.clearRequests();
    const plan = await s.run('plan', '-c', f);
    expect(plan.stdout).toContain('No changes.');
    expect((await s.requests()).filter((r) => (r.query ?? '').includes('identifier=Payments'))).toHaveLength(1);
  });
});
