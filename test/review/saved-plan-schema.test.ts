// Review 8b: a saved plan that changes a declared type's schema, applied after someone else changed
// that schema: the type was re-read (item 4) but its version is not compared, so apply starts,
// writes the other syncs, and fails this one on update_schema's version check instead of refusing
// the stale plan up front with nothing written.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const TEXT = readFileSync('examples/multi/sync.config.yaml', 'utf8');
const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'review8b-schema-'));
const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
let emulator: EmulatorHandle;
let env: Record<string, string>;
beforeEach(async () => {
  emulator = await startTestEmulator(structuredClone(SEED));
  env = {PORT_API_URL: emulator.url, INCIDENT_API_URL: emulator.url, PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret', INCIDENT_IO_API_KEY: 'demo-incident-api-key'};
});
afterEach(() => emulator.close());

describe('saved plan, schema moved (review 8b)', () => {
  it('is refused as stale before any write', async () => {
    const base = join(dir, 'base.yaml');
    writeFileSync(base, TEXT.replace('syncs:', 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\n  backoffMaxMs: 2\nsyncs:'));
    expect((await runCli(['apply', '-c', base, '--auto-approve'], env)).code).toBe(0);
    const grown = join(dir, 'grown.yaml');
    writeFileSync(grown, readFileSync(base, 'utf8')
      .replace('          - {name: lead, type: String}\n', '          - {name: lead, type: String}\n          - {name: size, type: Number}\n')
      .replace('      lead: properties.lead\n', '      lead: properties.lead\n      size: $count(properties.slack)\n'));
    // Another change for another sync in the same plan: a new domain.
    await emulator.putEntity('domain', {identifier: 'new-domain', title: 'New domain', properties: {}});
    const out = join(dir, 'grown.json');
    expect((await runCli(['plan', '-c', grown, '--out', out], env)).code).toBe(0);
    // Someone adds an attribute to the teams type by hand.
    const types: any[] = ((await (await fetch(`${emulator.url}/v3/catalog_types`, {headers: KEY})).json()) as any).catalog_types;
    const team = types.find((t) => t.type_name === 'Custom["PortTeam"]');
    const res = await fetch(`${emulator.url}/v3/catalog_types/${team.id}/actions/update_schema`, {method: 'POST', headers: KEY,
      body: JSON.stringify({version: team.schema.version, attributes: [...team.schema.attributes, {name: 'oncall', type: 'String', array: false}]})});
    expect(res.status).toBe(200);
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', grown, out], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("stale");
    expect(await emulator.writes()).toEqual([]);
  });
});
