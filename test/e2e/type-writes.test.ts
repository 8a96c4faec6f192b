// Type writes that are not idempotent (create a type, update_schema) through lost answers: apply
// re-reads the type and carries on when the write took effect. A type that really failed holds
// back its sync and the syncs that reference it, and the summary says so.
import {readFileSync, writeFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {multiSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';
import {teamsWithSize} from '../helpers/config-edits.js';

const FAST_RETRIES = 'http:\n  maxRetries: 2\n  backoffBaseMs: 1\n  backoffMaxMs: 5\nsyncs:';
let s: Scenario;

beforeEach(async () => {
  s = await scenario({seed: multiSeed(), example: 'multi', config: (yaml) => yaml.replace('syncs:', FAST_RETRIES)});
});
afterEach(() => s.close());

describe('a type write whose answer was lost', () => {
  it('create type: the retry finds the type made, uses it, and the apply converges', async () => {
    await s.emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind: 'drop-after'});
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 10 created, 0 updated, 0 deleted.');
    const log = await s.requests();
    expect(log.filter((r) => r.method === 'POST' && r.path === '/v3/catalog_types').map((r) => r.status)).toEqual([
      0, 422, 201, 201,
    ]);
    expect((await s.emulator.catalogTypes()).map((t) => t.type_name).sort()).toEqual([
      'Custom["PortDomain"]',
      'Custom["PortService"]',
      'Custom["PortTeam"]',
    ]);
    expect((await s.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('update_schema: the retry meets a moved version, the schema is as sent, and the apply carries on', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const grown = s.variant('grown.yaml', teamsWithSize);
    await s.clearRequests();
    await s.emulator.failNext({method: 'POST', path: '/v3/catalog_types/*', kind: 'drop-after'});
    const apply = await s.run('apply', '-c', grown, '--auto-approve');
    expect(apply.stderr).not.toContain('Error');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 created, 3 updated, 0 deleted.');
    expect((await s.requests()).filter((r) => r.path.endsWith('update_schema')).map((r) => r.status)).toEqual([0, 422]);
    expect((await s.emulator.catalogType('Custom["PortTeam"]')).schema.attributes.map((a) => a.name)).toEqual([
      'slack',
      'lead',
      'size',
    ]);
  });
});

describe('a type write that failed', () => {
  it('holds back its sync and the syncs that reference its type, and the summary names the cause', async () => {
    // Every attempt to create the first type (teams: referenced, so first in order) fails.
    await s.emulator.failNext({method: 'POST', path: '/v3/catalog_types', kind: '503', count: 3});
    const summary = s.file('summary.md');
    writeFileSync(summary, '');
    const apply = await s.runWith({env: {GITHUB_STEP_SUMMARY: summary}}, 'apply', '--auto-approve');
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
    expect((await s.emulator.catalogTypes()).map((t) => t.type_name)).toEqual(['Custom["PortDomain"]']);
    const writes = await s.writes();
    expect(writes.filter((w) => w.path === '/v3/catalog_entries')).toHaveLength(2);
  });
});
