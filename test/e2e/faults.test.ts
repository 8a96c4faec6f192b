// apply through an API that fails 20% of the time: the catalog ends exactly as desired.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {demoSeed, type Entry} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const ATTR_LIFECYCLE = '01J5RBA0LIFECYCLE000000000';
const PATIENT = 'http:\n  maxRetries: 12\n  backoffBaseMs: 10\n  backoffMaxMs: 200\n  requestsPerMinute: 0\nsyncs:';

let s: Scenario;

function services(n: number, lifecycle: (i: number) => string) {
  return Array.from({length: n}, (_, i) => ({
    identifier: `svc-${i}`,
    title: `Service ${i}`,
    properties: {url: `https://git/svc-${i}`, language: 'GO', lifecycle: lifecycle(i), type: 'Backend'},
  }));
}

beforeEach(async () => {
  const seed = demoSeed();
  seed.port.entities.service = services(1000, () => 'Production');
  s = await scenario({seed, config: (yaml) => yaml.replace('syncs:', PATIENT)});
});
afterEach(() => s.close());

async function managedEntries() {
  return (await s.emulator.entries()).filter((e) => e.external_id !== undefined);
}

describe('apply through 20% injected faults', () => {
  it('creates 1,000 entries exactly once, then converges on updates and deletes', async () => {
    await s.emulator.control('PUT', '/faults', {rate: 0.2, retryAfterSeconds: 0, seed: 42});
    const first = await s.run('apply', '--auto-approve');
    expect(first.stderr).not.toContain('Error');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete! 1000 created, 0 updated, 0 deleted.');

    const log = await s.requests();
    expect(log.filter((r) => r.fault !== undefined).length).toBeGreaterThan(150);
    expect(
      log.filter(
        (r) => (r.method === 'PUT' && r.path.startsWith('/v3/catalog_entries')) || r.path.endsWith('bulk_update'),
      ),
    ).toEqual([]); // no stray update
    let entries = await managedEntries();
    expect(entries).toHaveLength(1000);
    expect(new Set(entries.map((e) => e.external_id)).size).toBe(1000);
    expect(entries.every((e) => e.name === `Service ${e.external_id?.slice(4)}`)).toBe(true);

    // Round 2: 300 change, 100 disappear, still through faults.
    await s.emulator.control('POST', '/port/blueprints/service/entities', {
      replace: true,
      entities: services(900, (i) => (i < 300 ? 'Deprecated' : 'Production')),
    });
    await s.clearRequests();
    const second = await s.run('apply', '--auto-approve');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Apply complete! 0 created, 300 updated, 100 deleted.');
    const bulk = (await s.requests()).filter((r) => r.path.endsWith('bulk_update') && r.status === 204);
    expect(bulk.length).toBeLessThanOrEqual(3);

    await s.emulator.control('PUT', '/faults', {rate: 0});
    entries = await managedEntries();
    expect(entries).toHaveLength(900);
    const lifecycle = (e: Entry): string | undefined => e.attribute_values[ATTR_LIFECYCLE]?.value?.literal;
    expect(
      entries
        .filter((e) => lifecycle(e) === 'Deprecated')
        .map((e) => e.external_id)
        .sort(),
    ).toEqual(Array.from({length: 300}, (_, i) => `svc-${i}`).sort());
    const plan = await s.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('--verbose', () => {
  it('traces requests on failing runs without printing the API key or the client secret', async () => {
    const apiKey = 'demo-incident-api-key';
    const wrongSecret = 'port-client-SECRET-abcdef';
    const example = ['--config', 'examples/sync.config.yaml', '--verbose'];
    const portFails = await s.runWith({env: {PORT_CLIENT_SECRET: wrongSecret}}, 'plan', ...example);
    expect(portFails.code).toBe(1);
    expect(portFails.stderr).toMatch(/\[Port\] ← 401 POST \/v1\/auth\/access_token/);
    expect(portFails.stderr).toMatch(/\[incident\.io\] → GET http:\/\/127\.0\.0\.1:\d+\/v3\/catalog_types/);
    expect(portFails.stderr).toContain('Port: POST /v1/auth/access_token failed: HTTP 401');

    const wrongKey = 'inc_live_SECRET_key_0123456789';
    const incidentFails = await s.runWith({env: {INCIDENT_IO_API_KEY: wrongKey}}, 'plan', ...example);
    expect(incidentFails.code).toBe(1);
    expect(incidentFails.stderr).toContain('incident.io: GET /v3/catalog_types failed: HTTP 401');
    expect(incidentFails.stderr).toMatch(/\[incident\.io\] ← 401 GET \/v3\/catalog_types/);

    for (const output of [portFails.stdout + portFails.stderr, incidentFails.stdout + incidentFails.stderr]) {
      for (const secret of [apiKey, wrongSecret, wrongKey, 'demo-client-secret']) expect(output).not.toContain(secret);
    }
  });
});
