// Near-real-time sync (issue 12): `--target` reads only what it names, whatever the catalog's size.
// A catalog of 2,500 entries is seeded in sync (no apply); every request of a targeted run is
// counted from the emulator's log.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DEMO_TYPE_ID, multiSeed, type Entry, type LoggedRequest} from '../helpers/emulator.js';
import {parsePlan, readPlan} from '../helpers/json-output.js';
import {serviceEntity, serviceId, syncedSeed} from '../helpers/seeds.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const N = 2_500;
let s: Scenario;

/** The requests reconcile sent to Port and incident.io since the log was last cleared. */
async function apiRequests(): Promise<LoggedRequest[]> {
  return (await s.requests()).filter((r) => r.api === 'port' || r.api === 'incident');
}

function show(requests: readonly LoggedRequest[]): string {
  return requests
    .map((r) => `${r.method} ${r.path}${r.query === undefined ? '' : `?${r.query}`} ${r.status}`)
    .join('\n');
}

/** No request listed the whole type: every entry read was a lookup by identifier. */
function expectNoListing(requests: readonly LoggedRequest[]): void {
  const listings = requests.filter(
    (r) => r.method === 'GET' && r.path === '/v3/catalog_entries' && !(r.query ?? '').includes('identifier='),
  );
  expect(listings, show(requests)).toEqual([]);
}

async function entriesByExternalId(): Promise<Map<string, Entry>> {
  return new Map((await s.emulator.entries()).map((e) => [e.external_id ?? e.id, e]));
}

beforeEach(async () => {
  s = await scenario({seed: syncedSeed(N)});
});
afterEach(() => s.close());

describe('a targeted apply in a catalog of 2,500 entries', () => {
  it('applies one changed entity in at most 6 requests, and the catalog converges', async () => {
    await s.emulator.putEntity('service', {...serviceEntity(1234, 'Deprecated'), title: 'Service 1234 (moved)'});
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--sync', 'services', '--target', serviceId(1234));
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('~ lifecycle = "Production" -> "Deprecated"');
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    const requests = await apiRequests();
    expect(requests.length, show(requests)).toBeLessThanOrEqual(6);
    expectNoListing(requests);
    expect(requests.filter((r) => r.api === 'port' && r.path.endsWith('/entities/search'))).toHaveLength(1);

    const full = await s.run('plan', '--detailed-exitcode');
    expect(full.code, full.stdout + full.stderr).toBe(0);
    expect(full.stdout).toContain('No changes.');
  });

  it('creates a new entity in at most 6 requests', async () => {
    await s.emulator.putEntity('service', {...serviceEntity(N + 7), identifier: 'brand-new', title: 'Brand new'});
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--target', 'brand-new');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 1 created, 0 updated, 0 deleted.');
    const requests = await apiRequests();
    expect(requests.length, show(requests)).toBeLessThanOrEqual(6);
    expectNoListing(requests);
    expect((await entriesByExternalId()).get('brand-new')?.name).toBe('Brand new');
  });

  it("removes a deleted entity's entry in at most 6 requests and touches nothing else", async () => {
    const before = await entriesByExternalId();
    await s.emulator.deleteEntity('service', serviceId(42));
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--target', serviceId(42));
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 0 updated, 1 deleted.');
    const requests = await apiRequests();
    expect(requests.length, show(requests)).toBeLessThanOrEqual(6);
    expectNoListing(requests);
    const writes = requests.filter((r) => r.api === 'incident' && r.method !== 'GET');
    const id = before.get(serviceId(42))!.id;
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /v3/catalog_entries/${id}`]);
    const after = await entriesByExternalId();
    expect(after.size).toBe(before.size - 1);
    for (const [key, entry] of after) expect(entry, key).toEqual(before.get(key));
  });

  it('warns about a target that matches nothing on either side and does nothing, exit 0', async () => {
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--target', 'no-such-service');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain(
      'Warning: --target "no-such-service" matches no entity in Port and no entry in the catalog',
    );
    expect(apply.stdout).toContain('No changes.');
    const requests = await apiRequests();
    expect(requests.length, show(requests)).toBeLessThanOrEqual(4);
    expect(requests.filter((r) => r.method !== 'GET' && r.api === 'incident')).toEqual([]);
  });

  it("reads Port with the sync's query AND the targets, and the catalog one lookup per target", async () => {
    const query = s.variant('query.yaml', (yaml) =>
      yaml.replace(
        '      blueprint: service\n',
        '      blueprint: service\n      query:\n        combinator: and\n        rules:\n' +
          '          - {property: lifecycle, operator: "=", value: Production}\n',
      ),
    );
    await s.emulator.putEntity('service', serviceEntity(7, 'Deprecated')); // left out by the query: its entry goes
    await s.emulator.putEntity('service', {...serviceEntity(8), title: 'Eight'});
    await s.clearRequests();
    const plan = await s.run('plan', '-c', query, '--target', serviceId(7), '--target', serviceId(8), '--json');
    expect(plan.code, plan.stderr).toBe(0);
    const doc = parsePlan(plan.stdout);
    expect(doc.changes.map((c) => `${c.action} ${c.external_id}`).sort()).toEqual([
      `delete ${serviceId(7)}`,
      `update ${serviceId(8)}`,
    ]);
    const requests = await apiRequests();
    const lookups = requests.filter((r) => r.path === '/v3/catalog_entries').map((r) => r.query ?? '');
    expect(lookups.map((q) => new URLSearchParams(q).get('identifier')).sort()).toEqual([serviceId(7), serviceId(8)]);
    expect(requests.length, show(requests)).toBeLessThanOrEqual(6);
  });
});

describe('--targets-from', () => {
  it('reads one identifier a line from a file, skipping blank lines and # comments', async () => {
    await s.emulator.putEntity('service', {...serviceEntity(3), title: 'Three'});
    await s.emulator.putEntity('service', {...serviceEntity(4), title: 'Four'});
    const file = s.variant('targets.txt', `# from the Port automation\n${serviceId(3)}\n\n  ${serviceId(4)}  \n`);
    const plan = await s.run('plan', '--targets-from', file, '--json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(
      parsePlan(plan.stdout)
        .changes.map((c) => c.external_id)
        .sort(),
    ).toEqual([serviceId(3), serviceId(4)]);
  });

  it('reads standard input for -, together with --target', async () => {
    await s.emulator.putEntity('service', {...serviceEntity(5), title: 'Five'});
    await s.emulator.putEntity('service', {...serviceEntity(6), title: 'Six'});
    const stdin = {input: `${serviceId(5)}\n`};
    const plan = await s.runWith(stdin, 'plan', '--targets-from', '-', '--target', serviceId(6), '--json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(
      parsePlan(plan.stdout)
        .changes.map((c) => c.external_id)
        .sort(),
    ).toEqual([serviceId(5), serviceId(6)]);
  });

  it('is an error when it names no target, before any request: never a full run', async () => {
    await s.clearRequests();
    const file = s.variant('empty.txt', '# nothing changed\n\n');
    const apply = await s.run('apply', '--auto-approve', '--targets-from', file);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`--targets-from ${file} names no target`);
    expect(await apiRequests()).toEqual([]);
    const missing = await s.run('plan', '--targets-from', s.file('missing.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.txt');
  });
});

describe('safety of a targeted delete', () => {
  it('never deletes an entry that only shares an alias or ID with a gone target, nor a hand-made one', async () => {
    const key = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
    const byHand = await fetch(`${s.emulator.url}/v3/catalog_entries`, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({
        catalog_type_id: DEMO_TYPE_ID,
        name: 'Old billing',
        aliases: ['old-billing'],
        attribute_values: {},
      }),
    });
    expect(byHand.status).toBe(201);
    const aliased = (await entriesByExternalId()).get(serviceId(9))!;
    await fetch(`${s.emulator.url}/v3/catalog_entries/${aliased.id}`, {
      method: 'PUT',
      headers: key,
      body: JSON.stringify({
        name: aliased.name,
        external_id: serviceId(9),
        aliases: ['legacy-9'],
        attribute_values: {},
        update_attributes: [],
      }),
    });
    await s.clearRequests();
    const targets = ['--target', 'old-billing', '--target', 'legacy-9', '--target', aliased.id];
    const apply = await s.run('apply', '--auto-approve', ...targets);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('No changes.');
    expect((await apiRequests()).filter((r) => r.method !== 'GET' && r.api === 'incident')).toEqual([]);
  });

  it('judges the guards on the narrowed set: eleven gone targets are an empty source, or a mass delete', async () => {
    const gone = Array.from({length: 11}, (_, i) => serviceId(100 + i));
    for (const id of gone) await s.emulator.deleteEntity('service', id);
    const args = gone.flatMap((id) => ['--target', id]);
    const empty = await s.run('apply', '--auto-approve', ...args);
    expect(empty.code, empty.stderr).toBe(3);
    expect(empty.stderr).toContain(
      'Port returned 0 entities for the 11 targets in blueprint "service" while the catalog holds 11 of their entries',
    );
    expect(empty.stderr).toContain('--allow-empty-source');
    const withOne = [...args, '--target', serviceId(111)];
    const mass = await s.run('apply', '--auto-approve', ...withOne);
    expect(mass.code, mass.stderr).toBe(3);
    expect(mass.stderr).toContain('the plan deletes 11 of the 12 synced entries its targets have (91.7%)');
    expect(await s.writes()).toEqual([]);
    const allowed = await s.run('apply', '--auto-approve', '--allow-mass-delete', ...withOne);
    expect(allowed.stdout).toContain('Apply complete! 0 created, 0 updated, 11 deleted.');
  });

  it('refuses a create past 50,000 entries in the type, though it read only its target', async () => {
    await s.close();
    s = await scenario({seed: syncedSeed(49_999)}); // and the hand-made entry: 50,000
    const oneTooMany = {...serviceEntity(60_000), identifier: 'one-too-many', title: 'One too many'};
    await s.emulator.putEntity('service', oneTooMany);
    const refused = await s.run('apply', '--auto-approve', '--target', 'one-too-many');
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('the plan would leave 50001 entries in catalog type "Port Services"');
    expect(await s.writes()).toEqual([]);
    expectNoListing(await apiRequests());
  });

  it('does not claim an unclaimed type holding synced entries without --adopt', async () => {
    await s.close();
    const seed = syncedSeed(300);
    seed.incident.catalogTypes[0]!.annotations = {};
    s = await scenario({seed});
    await s.emulator.putEntity('service', {...serviceEntity(N + 1), identifier: 'brand-new', title: 'Brand new'});
    const refused = await s.run('apply', '--auto-approve', '--target', 'brand-new');
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('--adopt');
    expect(await s.writes()).toEqual([]);
    const adopted = await s.run('apply', '--auto-approve', '--adopt', '--target', 'brand-new');
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('Apply complete! 1 created, 0 updated, 0 deleted.');
  });
});

describe('a sync whose external ID is not the identifier', () => {
  const prefixed = (yaml: string): string =>
    yaml.replace('      externalId: identifier', '      externalId: \'"svc:" & identifier\'');

  it("updates the entry the mapping names, and leaves a gone entity's entry to the full run, saying so", async () => {
    await s.close();
    s = await scenario({seed: syncedSeed(200, (id) => `svc:${id}`), config: prefixed});
    await s.emulator.putEntity('service', {...serviceEntity(10), title: 'Ten'});
    await s.emulator.deleteEntity('service', serviceId(11));
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--target', serviceId(10), '--target', serviceId(11));
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    expect(apply.stderr).toContain(`--target "${serviceId(11)}" matches no entity in Port`);
    expect(apply.stderr).toContain('the next full run');
    expect((await entriesByExternalId()).get(`svc:${serviceId(10)}`)?.name).toBe('Ten');
    expect((await entriesByExternalId()).has(`svc:${serviceId(11)}`)).toBe(true);
    expectNoListing(await apiRequests());
  });
});

describe('saved plans made with --target', () => {
  it('apply exactly the narrowed plan, checking only the entries it touches', async () => {
    await s.emulator.putEntity('service', {...serviceEntity(20), title: 'Twenty'});
    await s.emulator.deleteEntity('service', serviceId(21));
    const out = s.file('targeted-plan.json');
    const plan = await s.run('plan', '--target', serviceId(20), '--target', serviceId(21), '--out', out);
    expect(plan.code, plan.stderr).toBe(0);
    expect(readPlan(out).syncs[0]?.narrowed_to).toEqual([serviceId(20), serviceId(21)]);
    await s.clearRequests();
    const apply = await s.run('apply', out);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 1 deleted.');
    expectNoListing(await apiRequests());
    const after = await entriesByExternalId();
    expect(after.get(serviceId(20))?.name).toBe('Twenty');
    expect(after.has(serviceId(21))).toBe(false);
    expect(after.size).toBe(N); // N services - 1 deleted + the hand-made entry
  });
});

describe('several syncs, with references', () => {
  const searches = (requests: readonly LoggedRequest[]): string[] =>
    requests.filter((r) => r.path.endsWith('/entities/search')).map((r) => r.path.split('/')[3]!);

  beforeEach(async () => {
    await s.close();
    s = await scenario({seed: multiSeed(), example: 'multi'});
    const first = await s.run('apply', '--auto-approve');
    expect(first.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
  });

  it('compares a changed reference by looking up only the entries it names', async () => {
    const ledger = multiSeed().port.entities.service.find((e) => e.identifier === 'ledger')!;
    await s.emulator.putEntity('service', {...ledger, relations: {team: 'platform', domain: 'money'}});
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--sync', 'services', '--target', 'ledger');
    expect(apply.code, apply.stderr).toBe(0);
    const requests = await apiRequests(); // before this test's own reads of the catalog join the log
    // The old team shows as the entry ID stored: naming it would take one more lookup.
    const teams = await s.emulator.entries((await s.emulator.catalogType('Custom["PortTeam"]')).id);
    const payments = teams.find((e) => e.external_id === 'payments')!.id;
    expect(apply.stdout).toContain(`~ owner = "${payments}" -> "platform"`);
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    expectNoListing(requests);
    expect(searches(requests)).toEqual(['service']);
    expect(requests.filter((r) => r.path === '/v3/catalog_types')).toHaveLength(1);
    const full = await s.run('plan', '--detailed-exitcode');
    expect(full.code, full.stdout).toBe(0);
  });

  it('looks a target up in every sync the run covers, or only in --sync NAME', async () => {
    const payments = multiSeed().port.entities.team.find((e) => e.identifier === 'payments')!;
    await s.emulator.putEntity('team', {...payments, properties: {...payments.properties, slack: '#payments'}});
    await s.clearRequests();
    const every = await s.run('plan', '--target', 'payments', '--json');
    expect(every.code, every.stderr).toBe(0);
    expect(parsePlan(every.stdout).changes.map((c) => `${c.sync} ${c.action} ${c.external_id}`)).toEqual([
      'teams update payments',
    ]);
    expect(searches(await apiRequests()).sort()).toEqual(['domain', 'service', 'team']);
    expectNoListing(await apiRequests());

    await s.clearRequests();
    const one = await s.run('apply', '--auto-approve', '--sync', 'teams', '--target', 'payments');
    expect(one.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    const requests = await apiRequests();
    expect(searches(requests)).toEqual(['team']);
    expect(requests.length, show(requests)).toBeLessThanOrEqual(6);
  });

  it('creates a new team and the new service that references it in one targeted run, team first', async () => {
    await s.emulator.putEntity('team', {identifier: 'data', title: 'Data', properties: {slack: '#data', lead: 'di'}});
    await s.emulator.putEntity('service', {
      identifier: 'warehouse',
      title: 'Warehouse',
      properties: {url: 'https://x/warehouse', language: 'SQL', lifecycle: 'Production'},
      relations: {team: 'data', domain: 'core'},
    });
    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve', '--target', 'warehouse', '--target', 'data');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 2 created, 0 updated, 0 deleted.');
    const creates = (await apiRequests()).filter((r) => r.method === 'POST' && r.path === '/v3/catalog_entries');
    expect(creates.map((r) => r.status)).toEqual([201, 201]); // the emulator refuses a reference to a missing entry
    expectNoListing(await apiRequests());
    expect((await s.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
