// References between catalog types as users write them: into a type made by hand that no sync
// manages, between `catalogType:` syncs listed in any order, and to incident.io's built-in types.
// The promise under test: the first apply converges and the second run writes nothing.
import {afterEach, describe, expect, it} from 'vitest';
import type {Attribute, SeedCatalogType, SeedEntity, SeedEntry, SeedInput} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

type SeedAttribute = Partial<Attribute> & {id: string; name: string; type: string};

const TEAM_TYPE = '01JREF0TEAM000000000000000';
const SERVICE_TYPE = '01JREF0SERVICE000000000000';
const TIER_TYPE = '01JREF0TIER000000000000000';
const OWNER_ATTR = '01JREF0OWNER00000000000000';
const TIER_ATTR = '01JREF0TIERATTR00000000000';
const ONCALL_ATTR = '01JREF0ONCALL0000000000000';
const TEAMS = ['payments', 'platform', 'growth', 'search', 'data'];
let current: Scenario | undefined;

afterEach(async () => {
  await current?.close();
  current = undefined;
});

function type(id: string, name: string, typeName: string, attributes: SeedAttribute[] = []): SeedCatalogType {
  return {id, name, description: `${name}, made by hand`, type_name: typeName, schema: {version: 1, attributes}};
}

/** The hand-made Team type: made in the dashboard, so no sync manages it. "search" is known by an alias only. */
function handMadeTeams(extra = 0): SeedEntry[] {
  const teams = TEAMS.map((t, i) => ({
    id: `01JREF0TEAMENTRY${String(i).padStart(10, '0')}`,
    catalog_type_id: TEAM_TYPE,
    name: `Team ${t}`,
    ...(t === 'search' ? {external_id: 'T-900', aliases: ['search']} : {external_id: t}),
  }));
  const filler = Array.from({length: extra}, (_, i) => ({
    catalog_type_id: TEAM_TYPE,
    name: `Old team ${i}`,
    external_id: `old-${i}`,
  }));
  return [...teams, ...filler];
}

function services(
  count: number,
  owner: (i: number) => string | undefined = (i) => TEAMS[i % TEAMS.length],
): SeedEntity[] {
  return Array.from({length: count}, (_, i) => ({
    identifier: `svc-${i}`,
    title: `Service ${i}`,
    properties: {oncall: `person${i % 3}@example.com`},
    relations: {team: owner(i) ?? null, tier: `tier-${i % 3}`},
  }));
}

interface SeedOptions {
  serviceAttributes: SeedAttribute[];
  types?: SeedCatalogType[];
  teams?: SeedEntry[];
  entities: Record<string, SeedEntity[]>;
}

function seed(options: SeedOptions): SeedInput {
  return {
    port: {clients: [{clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}], entities: options.entities},
    incident: {
      apiKeys: ['demo-incident-api-key'],
      catalogTypes: [
        type(TEAM_TYPE, 'Team', 'Custom["Team"]'),
        type(SERVICE_TYPE, 'Service', 'Custom["Service"]', options.serviceAttributes),
        ...(options.types ?? []),
      ],
      entries: options.teams ?? handMadeTeams(),
    },
  };
}

async function start(seedInput: SeedInput): Promise<Scenario> {
  current = await scenario({seed: seedInput});
  return current;
}

/** A config of these syncs alone (no example fits these seeds), written in the scenario's folder. */
function config(name: string, syncs: string): string {
  const head = 'version: 1\nport:\n  baseUrl: ${PORT_API_URL}\nincident:\n  baseUrl: ${INCIDENT_API_URL}\nsyncs:\n';
  return current!.variant(`${name}.yaml`, head + syncs);
}

const SERVICES_SYNC = `  - name: services
    source:
      blueprint: service
    target:
      catalogType: 'Custom["Service"]'
    entry:
      externalId: identifier
      name: title
    attributes:
      owner: relations.team
`;

const TIERS_SYNC = `  - name: tiers
    source:
      blueprint: tier
    target:
      catalogType: 'Custom["Tier"]'
    entry:
      externalId: identifier
      name: title
    attributes: {}
`;

const OWNER = {id: OWNER_ATTR, name: 'owner', type: 'Custom["Team"]', array: false};

describe('a reference into a type no sync manages', () => {
  it('plan after apply shows no changes: 27 services owned by hand-made teams', async () => {
    const s = await start(seed({serviceAttributes: [OWNER], entities: {service: services(27)}}));
    const file = config('owners', SERVICES_SYNC);
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 27 created, 0 updated, 0 deleted.');
    const stored = (await s.emulator.entries(SERVICE_TYPE)).find((e) => e.external_id === 'svc-3');
    expect(stored?.attribute_values[OWNER_ATTR]?.value?.literal).toBe('01JREF0TEAMENTRY0000000003'); // "search", an alias

    const plan = await s.run('plan', '-c', file, '--detailed-exitcode');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    await s.clearRequests();
    const again = await s.run('apply', '-c', file, '--auto-approve');
    expect(again.code).toBe(0);
    expect(await s.writes()).toEqual([]);
  });

  it('shows a changed owner by the referenced entry, and writes it once', async () => {
    const s = await start(seed({serviceAttributes: [OWNER], entities: {service: services(6)}}));
    const file = config('owner-change', SERVICES_SYNC);
    expect((await s.run('apply', '-c', file, '--auto-approve')).code).toBe(0);
    await s.emulator.putEntity('service', {...services(6)[0]!, relations: {team: 'growth', tier: 'tier-0'}});
    const plan = await s.run('plan', '-c', file);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete.');
    expect(plan.stdout).toMatch(/~ owner\s+= "payments" -> "growth"/);
    expect((await s.run('apply', '-c', file, '--auto-approve')).code).toBe(0);
    expect((await s.run('plan', '-c', file)).stdout).toContain('No changes.');
  });

  it('reads only the referenced entries: one lookup per value when the type is large', async () => {
    const entities = {service: services(27, (i) => TEAMS[i % 2])};
    const s = await start(seed({serviceAttributes: [OWNER], teams: handMadeTeams(1_000), entities}));
    const file = config('lookups', SERVICES_SYNC);
    expect((await s.run('apply', '-c', file, '--auto-approve')).code).toBe(0);
    await s.clearRequests();
    expect((await s.run('plan', '-c', file)).stdout).toContain('No changes.');
    const reads = (await s.requests()).filter((r) => r.path === '/v3/catalog_entries');
    const teamReads = reads.filter((r) => (r.query ?? '').includes(`catalog_type_id=${TEAM_TYPE}`));
    const lookedUp = teamReads.map((r) => new URLSearchParams(r.query).get('identifier'));
    expect(lookedUp.sort()).toEqual(['payments', 'platform']);
  });

  it('lists the referenced type instead when that takes fewer requests', async () => {
    const s = await start(seed({serviceAttributes: [OWNER], entities: {service: services(27)}}));
    const file = config('list', SERVICES_SYNC);
    expect((await s.run('apply', '-c', file, '--auto-approve')).code).toBe(0);
    await s.clearRequests();
    expect((await s.run('plan', '-c', file)).stdout).toContain('No changes.');
    const teamReads = (await s.requests()).filter(
      (r) => r.path === '/v3/catalog_entries' && (r.query ?? '').includes(`catalog_type_id=${TEAM_TYPE}`),
    );
    expect(teamReads).toHaveLength(1); // 5 teams: one page beats 5 lookups
    expect(teamReads[0]!.query).not.toContain('identifier=');
  });

  it('refuses a value that names no entry, naming entity, attribute and value, before any write', async () => {
    const entities = {service: services(27, (i) => (i === 4 ? 'ghost-team' : TEAMS[i % 5]))};
    const s = await start(seed({serviceAttributes: [OWNER], entities}));
    const file = config('ghost', SERVICES_SYNC);
    const plan = await s.run('plan', '-c', file);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('sync "services", entity "svc-4", attribute "owner" → "ghost-team"');
    expect(plan.stderr).toContain('Custom["Team"]');
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('entity "svc-4", attribute "owner" → "ghost-team"');
    expect(await s.writes()).toEqual([]);
  });
});

describe('a type that references itself', () => {
  it('compares its references by entry too: plan after apply shows no changes', async () => {
    const dependsOn = {id: '01JREF0DEPENDSON0000000000', name: 'depends_on', type: 'Custom["Service"]', array: true};
    const entities = services(6).map((e, i) => ({
      ...e,
      relations: {...e.relations, dependsOn: i === 0 ? [] : [`svc-${i - 1}`, 'svc-0']},
    }));
    const s = await start(seed({serviceAttributes: [OWNER, dependsOn], entities: {service: entities}}));
    // Entries first, then their references to each other (a create may not reference an entry created beside it).
    expect((await s.run('apply', '-c', config('self-1', SERVICES_SYNC), '--auto-approve')).code).toBe(0);
    const mapping = 'owner: relations.team\n      depends_on: relations.dependsOn';
    const file = config('self-2', SERVICES_SYNC.replace('owner: relations.team', mapping));
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 5 updated, 0 deleted.');
    const all = await s.emulator.entries(SERVICE_TYPE);
    const stored = all.find((e) => e.external_id === 'svc-2');
    const named = stored?.attribute_values[dependsOn.id]?.array_value?.map(
      (v) => all.find((e) => e.id === v.literal)?.external_id,
    );
    expect(named).toEqual(['svc-1', 'svc-0']); // stored as entry IDs
    const plan = await s.run('plan', '-c', file);
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('catalogType: syncs that reference each other', () => {
  it('writes the referenced type first whatever the order in the file, and converges', async () => {
    const tierRef = {id: TIER_ATTR, name: 'tier', type: 'Custom["Tier"]', array: false};
    const s = await start(
      seed({
        serviceAttributes: [tierRef],
        types: [type(TIER_TYPE, 'Tier', 'Custom["Tier"]')],
        teams: [],
        entities: {service: services(4), tier: [0, 1, 2].map((i) => ({identifier: `tier-${i}`, title: `Tier ${i}`}))},
      }),
    );
    // services (listed first) reference tiers: the live types say so, not the config.
    const file = config('order', SERVICES_SYNC.replace('owner: relations.team', 'tier: relations.tier') + TIERS_SYNC);
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 7 created, 0 updated, 0 deleted.');
    const creates = (await s.requests()).filter((r) => r.method === 'POST' && r.path === '/v3/catalog_entries');
    expect(creates.map((r) => r.status)).toEqual(Array(7).fill(201));
    const plan = await s.run('plan', '-c', file);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stdout.indexOf('Sync "tiers"')).toBeLessThan(plan.stdout.indexOf('Sync "services"'));
  });

  it("refuses a value into another catalogType: sync's type that no entity produces, naming both ends", async () => {
    const tierRef = {id: TIER_ATTR, name: 'tier', type: 'Custom["Tier"]', array: false};
    const tiers = [0, 1].map((i) => ({identifier: `tier-${i}`, title: `Tier ${i}`})); // svc-2 names tier-2
    const s = await start(
      seed({
        serviceAttributes: [tierRef],
        types: [type(TIER_TYPE, 'Tier', 'Custom["Tier"]')],
        teams: [],
        entities: {service: services(4), tier: tiers},
      }),
    );
    const file = config(
      'dangling',
      SERVICES_SYNC.replace('owner: relations.team', 'tier: relations.tier') + TIERS_SYNC,
    );
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('entity "svc-2", attribute "tier" → "tier-2"');
    expect(apply.stderr).toContain('sync "tiers" produces no entry with that external ID');
    expect(await s.writes()).toEqual([]);
  });

  it('live types that reference each other: new entries converge in two passes, with no refusal', async () => {
    const FLAGSHIP = '01JREF0FLAGSHIP00000000000';
    const s = await start(
      seed({
        serviceAttributes: [{id: TIER_ATTR, name: 'tier', type: 'Custom["Tier"]', array: false}],
        types: [
          type(TIER_TYPE, 'Tier', 'Custom["Tier"]', [
            {id: FLAGSHIP, name: 'flagship', type: 'Custom["Service"]', array: false},
          ]),
        ],
        teams: [],
        entities: {
          service: services(2),
          tier: [
            {identifier: 'tier-0', title: 'Tier 0', relations: {flagship: 'svc-0'}},
            {identifier: 'tier-1', title: 'Tier 1'},
          ],
        },
      }),
    );
    const tiers = TIERS_SYNC.replace('attributes: {}', 'attributes:\n      flagship: relations.flagship');
    const file = config('cycle', SERVICES_SYNC.replace('owner: relations.team', 'tier: relations.tier') + tiers);
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 4 created, 0 updated, 0 deleted.');
    expect((await s.writes()).filter((w) => w.status >= 400)).toEqual([]);
    const tier = (await s.emulator.entries(TIER_TYPE)).find((e) => e.external_id === 'tier-0');
    const svc0 = (await s.emulator.entries(SERVICE_TYPE)).find((e) => e.external_id === 'svc-0');
    expect(tier?.attribute_values[FLAGSHIP]?.value?.literal).toBe(svc0?.id);
    await s.clearRequests();
    const again = await s.run('apply', '-c', file, '--auto-approve');
    expect(again.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
  });
});

describe('built-in reference types', () => {
  it('compares the literal as written: an email for a User attribute', async () => {
    const oncall = {id: ONCALL_ATTR, name: 'oncall', type: 'User', array: false};
    const s = await start(seed({serviceAttributes: [oncall], entities: {service: services(5)}}));
    const file = config('user', SERVICES_SYNC.replace('owner: relations.team', 'oncall: properties.oncall'));
    const apply = await s.run('apply', '-c', file, '--auto-approve');
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 5 created, 0 updated, 0 deleted.');
    const stored = (await s.emulator.entries(SERVICE_TYPE)).find((e) => e.external_id === 'svc-1');
    expect(stored?.attribute_values[ONCALL_ATTR]?.value?.literal).toBe('person1@example.com');
    await s.clearRequests();
    expect((await s.run('plan', '-c', file)).stdout).toContain('No changes.');
    expect((await s.requests()).filter((r) => (r.query ?? '').includes('identifier='))).toEqual([]);
  });
});

describe('a real-world shape', () => {
  it('first apply converges, the second plan says No changes, the second apply sends 0 writes', async () => {
    const s = await start(
      seed({
        serviceAttributes: [OWNER, {id: TIER_ATTR, name: 'tier', type: 'Custom["Tier"]', array: false}],
        types: [type(TIER_TYPE, 'Tier', 'Custom["Tier"]')],
        entities: {
          service: services(27),
          tier: [0, 1, 2].map((i) => ({identifier: `tier-${i}`, title: `Tier ${i}`})),
          domain: [
            {
              identifier: 'money',
              title: 'Money',
              relations: {team: 'payments', services: ['svc-0', 'svc-5'], tier: 'tier-0'},
            },
            {identifier: 'core', title: 'Core', relations: {team: 'search', services: ['svc-1'], tier: 'tier-1'}},
          ],
        },
      }),
    );
    const domains = `  - name: domains
    source:
      blueprint: domain
    target:
      type:
        name: Domains
        description: Business domains from Port
        typeName: Custom["PortDomain"]
        attributes:
          - {name: team, type: 'Custom["Team"]'}
          - {name: services, type: 'Custom["Service"]', array: true}
          - {name: tier, type: 'Custom["Tier"]'}
    entry:
      externalId: identifier
      name: title
    attributes:
      team: relations.team
      services: relations.services
      tier: relations.tier
`;
    // The declared type first, then services (which reference the tiers listed after them).
    const servicesSync = SERVICES_SYNC.replace(
      'owner: relations.team',
      'owner: relations.team\n      tier: relations.tier',
    );
    const file = config('real-world', domains + servicesSync + TIERS_SYNC);
    const first = await s.run('apply', '-c', file, '--auto-approve');
    expect(first.stderr).not.toContain('failed');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete! 32 created, 0 updated, 0 deleted.');
    expect((await s.writes()).filter((w) => w.status >= 400)).toEqual([]);

    const plan = await s.run('plan', '-c', file, '--detailed-exitcode');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    await s.clearRequests();
    const second = await s.run('apply', '-c', file, '--auto-approve');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
  });
});
