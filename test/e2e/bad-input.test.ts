// Bad input stops the CLI with a located message, exit 1, and no request (or no write).
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const GOOD = readFileSync(new URL('../../examples/sync.config.yaml', import.meta.url), 'utf8');
let s: Scenario;

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

beforeAll(async () => {
  s = await scenario();
});
afterAll(() => s.close());
beforeEach(() => s.clearRequests());

describe.each(['plan', 'apply', 'validate'])('%s with a broken config', (command) => {
  it('reports bad YAML at FILE:LINE:COL and sends no request', async () => {
    const text = GOOD.replace('    source:\n', '    source: [\n');
    const file = s.variant(`yaml-${command}.yaml`, text);
    const result = await s.run(command, '--config', file, ...(command === 'apply' ? ['--auto-approve'] : []));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML: `));
    expect(await s.requests()).toEqual([]);
  });
});

describe('schema errors', () => {
  it('are all reported at once with their positions, before any request', async () => {
    const text = GOOD.replace('    prune: true', '    prune: yes-please\n    colour: blue').replace(
      '      blueprint: service',
      '      blueprnt: service',
    );
    const file = s.variant('schema.yaml', text);
    const result = await s.run('plan', '--config', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'blueprnt')}:7: unknown key "blueprnt" in syncs.0.source`);
    expect(result.stderr).toContain(
      `${file}:${lineOf(text, 'blueprnt') - 1}:5: syncs.0.source is missing required key "blueprint"`,
    );
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'prune:')}:12: syncs.0.prune must be boolean`);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'colour:')}:5: unknown key "colour" in syncs.0`);
    expect(await s.requests()).toEqual([]);
  });
});

describe('JSONata errors', () => {
  it('point at the expression and are reported together with schema errors', async () => {
    const text = GOOD.replace('      language: properties.language', '      language: properties.language +')
      .replace('      name: title', '      name: $uppercase(title')
      .replace('version: 1', 'version: 2');
    const file = s.variant('jsonata.yaml', text);
    const result = await s.run('validate', '--config', file);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`Error: ${file}:${lineOf(text, 'version:')}:10: version must be 1`);
    expect(result.stderr).toMatch(
      new RegExp(`jsonata\\.yaml:${lineOf(text, '$uppercase')}:\\d+: JSONata: .*\\(S0203\\)`),
    );
    expect(result.stderr).toMatch(
      new RegExp(`jsonata\\.yaml:${lineOf(text, 'properties.language +')}:\\d+: JSONata: `),
    );
    expect(await s.requests()).toEqual([]);
  });
});

describe('environment', () => {
  it('names a missing variable and where it is used', async () => {
    const unset = {env: {INCIDENT_IO_CATALOG_TYPE_ID: undefined}};
    const result = await s.runWith(unset, 'plan', '--config', 'examples/sync.config.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `examples/sync.config.yaml:${lineOf(GOOD, 'catalogType:')}:20: environment variable INCIDENT_IO_CATALOG_TYPE_ID is not set`,
    );
    expect(await s.requests()).toEqual([]);
  });
});

describe('unknown attribute names', () => {
  it('list the attributes the catalog type has and write nothing', async () => {
    const tier = GOOD.replace('      type: properties.type', '      tier: properties.tier');
    const file = s.variant('attribute.yaml', tier);
    const result = await s.run('apply', '--config', file, '--auto-approve');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('catalog type "Port Services" has no attribute named "tier".');
    expect(result.stderr).toContain('Attributes it has: url, readme, language, lifecycle, type');
    expect(await s.writes()).toEqual([]);
  });
});

describe('values of the wrong type', () => {
  it('are plan errors naming the entity, the attribute and the value', async () => {
    const mismatch = GOOD.replace('      url: properties.url', '      url: $length(identifier)');
    const file = s.variant('mismatch.yaml', mismatch);
    const result = await s.run('plan', '--config', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entity "payments-api", attribute "url" (String): expected a string, got 12');
    expect(await s.writes()).toEqual([]);
  });
});

describe('oclif usage errors', () => {
  it('exit 1, not 2 (2 means changes)', async () => {
    const result = await runCli(['plan', '--no-such-flag'], s.env); // no --config: the flag alone
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
    const result = await s.run('validate', '--config', s.file('nope.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml: no such file (pass --config FILE)');
  });
});
