// Type writes that are not idempotent (create a type, update_schema) through lost answers: apply
// re-reads the type and carries on when the write took effect. A type that really failed holds
// back its sync and the syncs that reference it, and the summary says so.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const TEXT = readFileSync('examples/multi/sync.config.yaml', 'utf8');
const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'reconcile-type-writes-'));
const KEY = {authorization: 'Bearer demo-incident-api-key'};
const CONFIG = join(dir, 'fast.yaml');
writeFileSync(CONFIG, TEXT.replace('syncs:', 'http:\n  maxRetries: 2\n  backoffBaseMs: 1\n  backoffMaxMs: 5\nsyncs:'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

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

async function types(): Promise<any[]> {
  return ((await (await fetch(`${emulator.url}/v3/catalog_types`, {headers: KEY})).json()) as any).catalog_types;
}

describe('a type write whose answer was lost', () => {
  it('create type: the retry finds the type made, uses it, and the apply converges', async () => {
    await emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind: 'drop-after'});
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const log = await emulator.requests();
    expect(log.filter((r) => r.method === 'POST' && r.path === '/v3/catalog_types').map((r) => r.status)).toEqual([
      0, 422, 201, 201,
    ]);
    expect((await types()).map((t) => t.type_name).sort()).toEqual([
      'Custom["PortDomain"]',
      'Custom["PortService"]',
      'Custom["PortTeam"]',
    ]);
    expect((await runCli(['plan', '-c', CONFIG, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it('update_schema: the retry meets a moved version, the schema is as sent, and the apply carries on', async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    const grown = join(dir, 'grown.yaml');
    writeFileSync(
      grown,
      readFileSync(CONFIG, 'utf8')
        .replace(
          '          - {name: lead, type: String}\n',
          '          - {name: lead, type: String}\n          - {name: size, type: Number}\n',
        )
        .replace(
          '      lead: properties.lead\n',
          '      lead: properties.lead\n      size: $count(properties.slack)\n',
        ),
    );
    await emulator.clearRequests();
    await emulator.failNext({method: 'POST', path: '/v3/catalog_types/*', kind: 'drop-after'});
    const apply = await runCli(['apply', '-c', grown, '--auto-approve'], env);
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 3 updated, 0 deleted.');
    expect((await emulator.requests()).filter((r) => r.path.endsWith('update_schema')).map((r) => r.status)).toEqual([
      0, 422,
    ]);
    expect(
      (await types()).find((t) => t.type_name === 'Custom["PortTeam"]').schema.attributes.map((a: any) => a.name),
    ).toEqual(['slack', 'lead', 'size']);
  });
});

describe('a type write that failed', () => {
  it('holds back its sync and the syncs that reference its type, and the summary names the cause', async () => {
    // Every attempt to create the first type (teams: referenced, so first in order) fails.
    await emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind: '503', count: 3});
    const summary = join(dir, `summary-${Date.now()}.md`);
    writeFileSync(summary, '');
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], {...env, GITHUB_STEP_SUMMARY: summary});
    expect(apply.code).toBe(1);
    expect(apply.stdout).not.toContain('interrupted');
    expect(apply.stdout).toContain('Apply incomplete: 2 created, 0 updated, 0 deleted. 1 failed. 8 not started.');
    expect(apply.stdout).toContain('sync "teams": 3 not started: its catalog type could not be prepared');
    expect(apply.stdout).toContain(
      'sync "services": 5 not started: it references Custom["PortTeam"], whose sync "teams" could not prepare its type',
    );
    expect(apply.stderr).toContain('sync "teams": could not prepare its catalog type');
    expect(apply.stderr).toContain('HTTP 503');
    expect(readFileSync(summary, 'utf8')).toMatch(
      new RegExp(
        String.raw`\*\*Apply incomplete: 2 created, 0 updated, 0 deleted\. 1 failed\. 8 not started\.\*\*\n` +
          String.raw`- sync "teams": 3 not started: .*\n- sync "services": 5 not started: .*\n$`,
      ),
    );
    expect((await types()).map((t) => t.type_name)).toEqual(['Custom["PortDomain"]']);
    const writes = await emulator.writes();
    expect(writes.filter((w) => w.path === '/v3/catalog_entries')).toHaveLength(2);
  });
});
