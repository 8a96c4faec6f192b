// Real-world configs and flags, end to end: YAML anchors and merge keys, --sync and --target that
// name nothing, and names or external IDs that are only whitespace.
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parsePlan} from '../helpers/json-output.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const GOOD = readFileSync(new URL('../../examples/sync.config.yaml', import.meta.url), 'utf8');
let s: Scenario;

beforeEach(async () => {
  s = await scenario();
});
afterEach(() => s.close());

describe('YAML anchors, aliases and merge keys', () => {
  // The same mapping as GOOD, but the name is the identifier (an alias) and `type` reads the language
  // (an alias under attributes:); url and readme come in through a merge key.
  const ANCHORED = GOOD.replace(
    'syncs:\n',
    'x-shared: &links\n  url: properties.url\n  readme: properties.readme\nsyncs:\n',
  )
    .replace('      externalId: identifier\n      name: title', '      externalId: &id identifier\n      name: *id')
    .replace('      url: properties.url\n      readme: properties.readme\n', '      <<: *links\n')
    .replace('      language: properties.language', '      language: &language properties.language')
    .replace('      type: properties.type', '      type: *language');

  it('validate and plan agree: aliases and merged keys map as if written out', async () => {
    const apply = await s.run('apply', '-c', s.variant('good.yaml', GOOD), '--auto-approve', '--adopt');
    expect(apply.code, apply.stderr).toBe(0);
    const file = s.variant('anchored.yaml', ANCHORED);
    const validate = await s.run('validate', '-c', file);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('1 sync, 7 expressions compiled');

    const plan = await s.run('plan', '-c', file, '--verbose');
    expect(plan.stderr).not.toContain('Error');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ name = "Payments API" -> "payments-api"');
    expect(plan.stdout).toContain('~ type = "Backend" -> "Node"');
    expect(plan.stdout).not.toMatch(/~ (url|readme) =/);
    expect(plan.stdout).toContain('Plan: 1 to create, 7 to update, 0 to delete.');
  });

  it('an error in an aliased expression is reported where the alias is used', async () => {
    const text = ANCHORED.replace('&language properties.language', '&language properties.language +');
    const file = s.variant('broken-anchor.yaml', text);
    const lines = text.split('\n');
    const at = (needle: string): string => {
      const line = lines.findIndex((l) => l.includes(needle));
      return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
    };
    for (const command of ['validate', 'plan']) {
      const result = await s.run(command, '-c', file);
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain(`${file}:${at('*language')}: JSONata: `);
    }
  });
});

describe('--sync and --target', () => {
  it('--sync naming no sync is an error that names it and lists the syncs', async () => {
    for (const command of ['plan', 'apply']) {
      const args = command === 'plan' ? ['--sync', 'servces'] : ['--sync', 'servces', '--auto-approve'];
      const result = await s.run(command, ...args);
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain(
        '--sync "servces": examples/sync.config.yaml has no sync by that name. Its syncs: services',
      );
    }
    expect(await s.requests()).toEqual([]);
  });

  it('--target matching nothing warns and writes nothing, even on an unclaimed type', async () => {
    const apply = await s.run('apply', '--target', 'gone-service', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain(
      'Warning: --target "gone-service" matches no entity in Port and no entry in the catalog',
    );
    expect(apply.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);

    const json = await s.run('plan', '--target', 'gone-service', '--target', 'ledger', '--json', '--adopt');
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('Warning: --target "gone-service" matches');
    expect(json.stderr).not.toContain('"ledger" matches');
    expect(parsePlan(json.stdout).summary).toMatchObject({create: 1, update: 0, delete: 0});
  });
});

describe('whitespace-only names and external IDs', () => {
  it('are skipped like empty ones: no 422, and the next run is clean', async () => {
    await s.emulator.putEntity('service', {identifier: 'blank-title', title: '   ', properties: {url: 'https://x'}});
    const file = s.variant('blank.yaml', (yaml) =>
      yaml.replace(
        '      externalId: identifier',
        '      externalId: "$exists(properties.ext) ? properties.ext : identifier"',
      ),
    );
    await s.emulator.putEntity('service', {identifier: 'blank-id', title: 'Blank ID', properties: {ext: ' \t '}});
    const apply = await s.run('apply', '-c', file, '--auto-approve', '--adopt');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('  - blank-title: name is empty');
    expect(apply.stdout).toContain('  - blank-id: external ID is empty');
    expect((await s.requests()).filter((r) => r.status === 422)).toEqual([]);
    await s.clearRequests();
    const again = await s.run('apply', '-c', file, '--auto-approve');
    expect(again.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
  });
});
