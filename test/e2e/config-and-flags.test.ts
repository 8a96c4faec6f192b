// Real-world configs and flags, end to end: YAML anchors and merge keys, --sync and --target that
// name nothing, and names or external IDs that are only whitespace.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const GOOD = readFileSync(new URL('../../examples/sync.config.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'reconcile-config-flags-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeEach(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterEach(() => emulator.close());

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
    const apply = await runCli(['apply', '-c', configFile('good.yaml', GOOD), '--auto-approve', '--adopt'], env);
    expect(apply.code, apply.stderr).toBe(0);
    const file = configFile('anchored.yaml', ANCHORED);
    const validate = await runCli(['validate', '-c', file], env);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('1 sync, 7 expressions compiled');

    const plan = await runCli(['plan', '-c', file, '--verbose'], env);
    expect(plan.stderr).not.toContain('Error');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ name = "Payments API" -> "payments-api"');
    expect(plan.stdout).toContain('~ type = "Backend" -> "Node"');
    expect(plan.stdout).not.toMatch(/~ (url|readme) =/);
    expect(plan.stdout).toContain('Plan: 1 to create, 7 to update, 0 to delete.');
  });

  it('an error in an aliased expression is reported where the alias is used', async () => {
    const text = ANCHORED.replace('&language properties.language', '&language properties.language +');
    const file = configFile('broken-anchor.yaml', text);
    const lines = text.split('\n');
    const at = (needle: string): string => {
      const line = lines.findIndex((l) => l.includes(needle));
      return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
    };
    for (const command of ['validate', 'plan']) {
      const result = await runCli([command, '-c', file], env);
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain(`${file}:${at('*language')}: JSONata: `);
    }
  });
});

describe('--sync and --target', () => {
  it('--sync naming no sync is an error that names it and lists the syncs', async () => {
    for (const command of ['plan', 'apply']) {
      const result = await runCli(
        [command, '-c', 'examples/sync.config.yaml', '--sync', 'servces', '--auto-approve'].slice(
          0,
          command === 'plan' ? 5 : 6,
        ),
        env,
      );
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain(
        '--sync "servces": examples/sync.config.yaml has no sync by that name. Its syncs: services',
      );
    }
    expect(await emulator.requests()).toEqual([]);
  });

  it('--target matching nothing warns and writes nothing, even on an unclaimed type', async () => {
    const apply = await runCli(
      ['apply', '-c', 'examples/sync.config.yaml', '--target', 'gone-service', '--auto-approve'],
      env,
    );
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain(
      'Warning: --target "gone-service" matches no entity in Port and no entry in the catalog',
    );
    expect(apply.stdout).toContain('No changes.');
    expect(await emulator.writes()).toEqual([]);

    const json = await runCli(
      [
        'plan',
        '-c',
        'examples/sync.config.yaml',
        '--target',
        'gone-service',
        '--target',
        'ledger',
        '--json',
        '--adopt',
      ],
      env,
    );
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('Warning: --target "gone-service" matches');
    expect(json.stderr).not.toContain('"ledger" matches');
    expect(JSON.parse(json.stdout).summary).toMatchObject({create: 1, update: 0, delete: 0});
  });
});

describe('whitespace-only names and external IDs', () => {
  it('are skipped like empty ones: no 422, and the next run is clean', async () => {
    await emulator.putEntity('service', {identifier: 'blank-title', title: '   ', properties: {url: 'https://x'}});
    const file = configFile(
      'blank.yaml',
      GOOD.replace(
        '      externalId: identifier',
        '      externalId: "$exists(properties.ext) ? properties.ext : identifier"',
      ),
    );
    await emulator.putEntity('service', {identifier: 'blank-id', title: 'Blank ID', properties: {ext: ' \t '}});
    const apply = await runCli(['apply', '-c', file, '--auto-approve', '--adopt'], env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('  - blank-title: name is empty');
    expect(apply.stdout).toContain('  - blank-id: external ID is empty');
    expect((await emulator.requests()).filter((r) => r.status === 422)).toEqual([]);
    await emulator.clearRequests();
    const again = await runCli(['apply', '-c', file, '--auto-approve'], env);
    expect(again.stdout).toContain('No changes.');
    expect(await emulator.writes()).toEqual([]);
  });
});
