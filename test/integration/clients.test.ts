// The Port and incident.io adapters and applyPlan, over HTTP against the emulator in-process.
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {applyPlan} from '../../src/apply/apply-plan.js';
import {ApiError, ReadOnlyError} from '../../src/core/errors.js';
import {computePlan} from '../../src/core/planner.js';
import {PortClient} from '../../src/sources/port/port-client.js';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {DEMO_TYPE_ID, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const URL_ATTR = '01J5RBA0URL000000000000000';
let emulator: EmulatorHandle;

function port(secret = 'demo-client-secret') {
  return new PortClient({baseUrl: emulator.url, clientId: 'demo-client-id', clientSecret: secret});
}
function target(apiKey = 'demo-incident-api-key') {
  return new IncidentCatalogTarget({baseUrl: emulator.url, apiKey});
}

beforeEach(async () => {
  const seed = demoSeed();
  seed.port.entities.service = Array.from({length: 2_500}, (_, i) => ({
    identifier: `svc-${i}`,
    title: `Service ${i}`,
    properties: {},
  }));
  seed.incident.entries.push(
    ...Array.from({length: 600}, (_, i) => ({catalog_type_id: DEMO_TYPE_ID, name: `E${i}`, external_id: `e${i}`})),
  );
  emulator = await startTestEmulator(seed);
});
afterEach(() => emulator.close());

describe('PortClient', () => {
  it('reads every page of the search endpoint with one token', async () => {
    const entities = await port().searchEntities('service');
    expect(entities).toHaveLength(2_500);
    expect(new Set(entities.map((e) => e['identifier'])).size).toBe(2_500);
    const requests = await emulator.requests();
    expect(requests.filter((r) => r.path === '/v1/auth/access_token')).toHaveLength(1);
    expect(requests.filter((r) => r.path.endsWith('/entities/search')).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('fetches a new token once when the old one is refused', async () => {
    const client = port();
    await client.searchEntities('service');
    await emulator.control('DELETE', '/port/tokens');
    await expect(client.searchEntities('service')).resolves.toHaveLength(2_500);
    expect((await emulator.requests()).filter((r) => r.path === '/v1/auth/access_token')).toHaveLength(2);
  });

  it('replaces its token before it expires', async () => {
    let now = Date.now();
    const client = new PortClient(
      {baseUrl: emulator.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret'},
      {},
      () => now,
    );
    await client.searchEntities('service');
    now += 2 * 3600_000; // 2 h of a 3 h token: still good
    await client.searchEntities('service');
    now += 56 * 60_000; // 4 minutes left: refreshed before use
    await client.searchEntities('service');
    const auth = (await emulator.requests()).filter((r) => r.path === '/v1/auth/access_token');
    expect(auth).toHaveLength(2);
    expect((await emulator.requests()).filter((r) => r.status === 401)).toEqual([]);
  });

  it('points at the credentials and region when they are refused, without the secret', async () => {
    const error = await port('not-the-secret')
      .searchEntities('service')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const message = (error as ApiError).message;
    expect(message).toContain('Port: POST /v1/auth/access_token failed: HTTP 401');
    expect(message).toContain('request ID: ');
    expect(message).toContain('PORT_CLIENT_ID / PORT_CLIENT_SECRET');
    expect(message).not.toContain('not-the-secret');
  });

  it('names an unknown blueprint', async () => {
    await expect(port().searchEntities('nope')).rejects.toThrow(
      /HTTP 404\n {2}not_found: Blueprint with identifier "nope" was not found/,
    );
  });
});

describe('IncidentCatalogTarget', () => {
  it('finds a type by ID or type_name and reads every page of entries', async () => {
    const byId = await target().findType(DEMO_TYPE_ID);
    const byName = await target().findType('Custom["PortServices"]');
    expect(byName).toEqual(byId);
    expect(byId.attributes.map((a) => a.name)).toEqual(['url', 'readme', 'language', 'lifecycle', 'type']);
    const entries = await target().listEntries(DEMO_TYPE_ID);
    expect(entries).toHaveLength(601);
    expect((await emulator.requests()).filter((r) => r.path === '/v3/catalog_entries')).toHaveLength(3);
  });

  it('looks entries up by ID, external ID or alias, one request each, live entries of that type only', async () => {
    const [e7] = (await target().listEntries(DEMO_TYPE_ID)).filter((e) => e.externalId === 'e7');
    await fetch(`${emulator.url}/v3/catalog_entries/${e7!.id}`, {
      method: 'PUT',
      headers: {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'},
      body: JSON.stringify({name: 'E7', aliases: ['seven'], attribute_values: {}}),
    });
    const e8 = (await target().findEntries(DEMO_TYPE_ID, 'e8'))[0]!;
    await target().deleteEntry(e8.id);
    await emulator.clearRequests();
    for (const identifier of [e7!.id, 'e7', 'seven']) {
      expect((await target().findEntries(DEMO_TYPE_ID, identifier)).map((e) => e.id)).toEqual([e7!.id]);
    }
    expect(await target().findEntries(DEMO_TYPE_ID, 'e8')).toEqual([]); // archived
    expect(await target().findEntries(DEMO_TYPE_ID, 'nobody')).toEqual([]);
    const log = await emulator.requests();
    const lookedUp = log.map((r) => new URLSearchParams(r.query).get('identifier'));
    expect(lookedUp).toEqual([e7!.id, 'e7', 'seven', 'e8', 'nobody']);
    const ofType = (r: (typeof log)[number]): boolean => r.query?.includes(`catalog_type_id=${DEMO_TYPE_ID}`) === true;
    expect(log.every((r) => r.path === '/v3/catalog_entries' && ofType(r))).toBe(true);
    expect((await target().findType(DEMO_TYPE_ID)).estimatedCount).toBe(600); // 601 live, one archived
  });

  it('lists the types it has when the configured one does not exist', async () => {
    await expect(target().findType('missing')).rejects.toThrow(
      /no catalog type with ID or type_name "missing"[\s\S]*01J5RB95K5NNDE1CRQ7ZQ24YH5 {2}Custom\["PortServices"\] {2}"Port Services"/,
    );
  });

  it('reports a refused API key with status and request ID, never the key', async () => {
    const error = (await target('secret-key-123')
      .listEntries(DEMO_TYPE_ID)
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/incident\.io: GET \/v3\/catalog_types|incident\.io: GET \/v3\/catalog_entries/);
    expect(error.message).toMatch(/request ID: [0-9a-f-]{36}/);
    expect(error.message).not.toContain('secret-key-123');
  });
});

describe('the read-only client of plan and validate', () => {
  it('refuses every write before sending it, and still reads', async () => {
    const readOnly = new IncidentCatalogTarget(
      {baseUrl: emulator.url, apiKey: 'demo-incident-api-key'},
      {readOnly: true},
    );
    const write = {externalId: 'x', name: 'X', aliases: [], rank: 0, attributes: {}, ownedAttributeIds: []};
    await expect(readOnly.createEntry(DEMO_TYPE_ID, write)).rejects.toThrow(ReadOnlyError);
    await expect(readOnly.updateEntry('e', write)).rejects.toThrow(
      'refused to send PUT /v3/catalog_entries/e: this client is read-only',
    );
    await expect(readOnly.bulkUpdate(DEMO_TYPE_ID, [{entryId: 'e', entry: write}])).rejects.toThrow(ReadOnlyError);
    await expect(readOnly.deleteEntry('e')).rejects.toThrow(ReadOnlyError);
    await expect(readOnly.annotateType(DEMO_TYPE_ID, {})).rejects.toThrow(ReadOnlyError); // its GET goes, its PUT does not
    expect((await emulator.requests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await readOnly.listEntries(DEMO_TYPE_ID)).toHaveLength(601);
  });
});

describe('applyPlan', () => {
  it('reports a failed write with status, messages and request ID, and still runs the others', async () => {
    const schema = await target().findType(DEMO_TYPE_ID);
    const current = await target().listEntries(DEMO_TYPE_ID);
    const plan = computePlan({
      sync: 'services',
      blueprint: 'service',
      schema,
      ownedAttributeIds: [URL_ATTR],
      desired: [
        {sourceId: 'new', externalId: 'new', name: 'New', attributes: {[URL_ATTR]: 'https://new'}},
        ...current
          .filter((e) => e.externalId !== undefined && e.externalId !== 'e0')
          .map((e) => ({
            sourceId: e.externalId!,
            externalId: e.externalId!,
            name: e.externalId === 'e1' ? 'E1 renamed' : e.name,
            attributes: {},
          })),
      ],
      current,
    });
    expect(plan.actions.map((a) => `${a.action}:${a.externalId}`).sort()).toEqual([
      'create:new',
      'delete:e0',
      'update:e1',
    ]);
    // The entry to update disappears between plan and apply.
    const e1 = current.find((e) => e.externalId === 'e1')!;
    await target().deleteEntry(e1.id);
    await emulator.clearRequests();

    const events: string[] = [];
    const report = await applyPlan([plan], target(), {
      concurrency: 1,
      onEvent: (e) =>
        e.type === 'done' || e.type === 'failed' ? events.push(`${e.type}:${e.action.action}`) : undefined,
    });
    expect(report).toMatchObject({created: 1, updated: 0, deleted: 1});
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]?.error.message).toMatch(
      /incident\.io: PUT \/v3\/catalog_entries\/\S+ failed: HTTP 404\n {2}\[not_found\] catalog entry "\S+" not found\n {2}request ID: /,
    );
    expect(events).toEqual(['done:create', 'failed:update', 'done:delete']);
    expect((await emulator.writes()).map((w) => w.method)).toEqual(['POST', 'PUT', 'DELETE']);
  });
});

describe('User-Agent', () => {
  it('names the npm package and its version on every request to Port and incident.io', async () => {
    await port().searchEntities('service');
    await target().listEntries(DEMO_TYPE_ID);
    const agents = new Set((await emulator.requests()).map((r) => r.userAgent));
    const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
    expect([...agents]).toEqual([`catalog-reconcile/${version} node/${process.version}`]);
  });
});
