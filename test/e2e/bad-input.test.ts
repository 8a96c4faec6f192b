// Bad input stops the CLI with a located message, exit 1, and no request (or no write).
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const GOOD = readFileSync(new URL('../../examples/sync.config.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'reconcile-bad-input-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

describe.each(['plan', 'apply', 'validate'])('%s with a broken config', (command) => {
  it('reports bad YAML at FILE:LINE:COL and sends no request', async () => {
    const text = GOOD.replace('    source:\n', '    source: [\n');
    const file = configFile(`yaml-${command}.yaml`, text);
    const result = await runCli([command, '--config', file, '--auto-approve'].slice(0, command === 'apply' ? 4 : 3), env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML: `));
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('schema errors', () => {
  it('are all reported at once with their positions, before any request', async () => {
    const text = GOOD.replace('    prune: true', '    prune: yes-please\n    colour: blue').replace('      blueprint: service', '      blueprnt: service');
    const file = configFile('schema.yaml', text);
    const result = await runCli(['plan', '--config', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'blueprnt')}:7: unknown key "blueprnt" in syncs.0.source`);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'blueprnt') - 1}:5: syncs.0.source is missing required key "blueprint"`);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'prune:')}:12: syncs.0.prune must be boolean`);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'colour:')}:5: unknown key "colour" in syncs.0`);
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('JSONata errors', () => {
  it('point at the expression and are reported together with schema errors', async () => {
    const text = GOOD.replace('      language: properties.language', '      language: properties.language +').replace('      name: title', '      name: $uppercase(title')
      .replace('version: 1', 'version: 2');
    const file = configFile('jsonata.yaml', text);
    const result = await runCli(['validate', '--config', file], env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`Error: ${file}:${lineOf(text, 'version:')}:10: version must be 1`);
    expect(result.stderr).toMatch(new RegExp(`jsonata\\.yaml:${lineOf(text, '$uppercase')}:\\d+: JSONata: .*\\(S0203\\)`));
    expect(result.stderr).toMatch(new RegExp(`jsonata\\.yaml:${lineOf(text, 'properties.language +')}:\\d+: JSONata: `));
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('environment', () => {
  it('names a missing variable and where it is used', async () => {
    const {INCIDENT_IO_CATALOG_TYPE_ID: _unset, ...partial} = env;
    const result = await runCli(['plan', '--config', 'examples/sync.config.yaml'], partial);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`examples/sync.config.yaml:${lineOf(GOOD, 'catalogType:')}:20: environment variable INCIDENT_IO_CATALOG_TYPE_ID is not set`);
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('unknown attribute names', () => {
  it('list the attributes the catalog type has and write nothing', async () => {
    const file = configFile('attribute.yaml', GOOD.replace('      type: properties.type', '      tier: properties.tier'));
    const result = await runCli(['apply', '--config', file, '--auto-approve'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('catalog type "Port Services" has no attribute named "tier".');
    expect(result.stderr).toContain('Attributes it has: url, readme, language, lifecycle, type');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('values of the wrong type', () => {
  it('are plan errors naming the entity, the attribute and the value', async () => {
    const file = configFile('mismatch.yaml', GOOD.replace('      url: properties.url', '      url: $length(identifier)'));
    const result = await runCli(['plan', '--config', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entity "payments-api", attribute "url" (String): expected a string, got 12');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('oclif usage errors', () => {
  it('exit 1, not 2 (2 means changes)', async () => {
    const result = await runCli(['plan', '--no-such-flag'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nonexistent flag: --no-such-flag');
  });

  it('every command documents examples in --help', async () => {
    for (const command of ['plan', 'apply', 'validate', 'emulator']) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain('EXAMPLES');
      expect(result.stdout, command).toContain(`$ reconcile ${command}`);
    }
  });

  it('a missing config file is a clear error', async () => {
    const result = await runCli(['validate', '--config', join(dir, 'nope.yaml')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml: no such file (pass --config FILE)');
  });
});
