// `reconcile init` writes a config that validates and plans cleanly as written, and
// `validate --remote` lists what does not exist or does not fit.
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {DEMO_TYPE_ID, demoEnv, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'reconcile-init-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

beforeEach(async () => {
  const seed = structuredClone(SEED);
  seed.port.blueprints[2].schema.properties.replicas = {type: 'number'};
  seed.port.blueprints[2].schema.properties.public = {type: 'boolean'};
  seed.port.blueprints[2].schema.properties.tags = {type: 'array', items: {type: 'string'}};
  seed.port.blueprints[2].schema.properties.readme = {type: 'string', format: 'markdown'};
  seed.port.blueprints[2].schema.properties.settings = {type: 'object'};
  seed.port.entities.service[0].properties = {...seed.port.entities.service[0].properties, replicas: 3, public: true, tags: ['pci'], readme: '# Payments'};
  emulator = await startTestEmulator(seed);
  env = {PORT_API_URL: emulator.url, INCIDENT_API_URL: emulator.url, PORT_CLIENT_ID: 'demo-client-id', PORT_CLIENT_SECRET: 'demo-client-secret', INCIDENT_IO_API_KEY: 'demo-incident-api-key'};
});
afterEach(() => emulator.close());

describe('reconcile init', () => {
  it('writes declared types that follow the blueprints, and the file validates, plans and applies as written', async () => {
    const out = join(dir, 'init.yaml');
    const init = await runCli(['init', '--blueprint', 'team', '--blueprint', 'service', '--out', out], env);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Wrote ${out}: 2 syncs`);
    const text = readFileSync(out, 'utf8');
    for (const line of [
      "typeName: 'Custom[\"PortService\"]'", '- {name: readme, type: Text}', '- {name: replicas, type: Number}', '- {name: public, type: Bool}',
      '- {name: tags, type: String, array: true}', "- {name: team, type: 'Custom[\"PortTeam\"]'}", '- {name: domain, type: String}',
      'team: relations.team', '# settings: left out, a object value',
    ]) expect(text, line).toContain(line);

    expect((await runCli(['validate', '--config', out], env)).code).toBe(0);
    const remote = await runCli(['validate', '--remote', '--config', out], env);
    expect(remote.stdout).toContain('Every mapped property and attribute exists, with a type that fits.');
    const plan = await runCli(['plan', '--config', out, '--detailed-exitcode'], env);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 8 to create, 0 to update, 0 to delete. (and 2 catalog types to create or change first)');
    expect((await runCli(['apply', '--config', out, '--auto-approve'], env)).code).toBe(0);
    expect((await runCli(['plan', '--config', out, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it('points $schema at this version\'s schema, and fills sourceRepoUrl from the git remote, as https', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reconcile-init-repo-'));
    const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], {encoding: 'utf8'});
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@github.com:acme/catalog.git');
    const out = join(repo, 'sync.config.yaml');
    expect((await runCli(['init', '--blueprint', 'team', '--out', out], env)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const {version} = JSON.parse(readFileSync('package.json', 'utf8'));
    const published = `https://unpkg.com/catalog-reconcile@${version}/schemas/sync.config.schema.json`;
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${published}`);
    expect(text).toContain('        sourceRepoUrl: https://github.com/acme/catalog\n');
    expect((await runCli(['validate', '--config', out], env)).code).toBe(0);

    // Installed in the project (npm install catalog-reconcile): the schema inside node_modules.
    const schemas = join(repo, 'node_modules', 'catalog-reconcile', 'schemas');
    mkdirSync(schemas, {recursive: true});
    copyFileSync('schemas/sync.config.schema.json', join(schemas, 'sync.config.schema.json'));
    mkdirSync(join(repo, 'config'));
    const nested = join(repo, 'config', 'sync.config.yaml');
    expect((await runCli(['init', '--blueprint', 'team', '--out', nested], env)).code).toBe(0);
    expect(readFileSync(nested, 'utf8').split('\n')[0])
      .toBe('# yaml-language-server: $schema=../node_modules/catalog-reconcile/schemas/sync.config.schema.json');

    // No git remote: no sourceRepoUrl, rather than a guess.
    const bare = join(dir, 'no-remote.yaml');
    expect((await runCli(['init', '--blueprint', 'team', '--out', bare], env)).code).toBe(0);
    expect(readFileSync(bare, 'utf8')).not.toContain('sourceRepoUrl');
  });

  it('will not overwrite a file without --force', async () => {
    const out = join(dir, 'exists.yaml');
    writeFileSync(out, 'mine');
    const result = await runCli(['init', '--blueprint', 'team', '--out', out], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exists; pass --force');
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });
});

describe('validate --remote', () => {
  it('lists mapped properties the blueprint lacks, attributes the type lacks, and types that do not fit', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync('examples/multi/sync.config.yaml', 'utf8')
      .replace('      lead: properties.lead', '      lead: properties.leader\n      size: properties.slack\n      shoe: properties.lead')
      .replace('          - {name: lead, type: String}', '          - {name: lead, type: String}\n          - {name: size, type: Number}'));
    const result = await runCli(['validate', '--remote', '--config', bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problem(s) against Port and incident.io:');
    expect(result.stderr).toContain('sync "teams": attribute "lead" ← properties.leader: blueprint "team" has no property "leader" (it has: slack, lead)');
    expect(result.stderr).toContain('sync "teams": attribute "size" (Number) ← properties.slack: the property is string, which that attribute cannot hold');
    expect(result.stderr).toContain('sync "teams": attribute "shoe": declared type Custom["PortTeam"] (not created yet) has no attribute by that name (it has: slack, lead, size)');
    expect((await emulator.requests()).filter((r) => r.method !== 'GET' && r.api === 'incident')).toEqual([]);
  });
});

describe('init --catalog-type', () => {
  it('takes over the type the guide\'s job fills: same type, no phantom change, one --adopt', async () => {
    const guide = await startTestEmulator(demoSeed());
    try {
      const guideEnv = {...demoEnv(guide)};
      for (const body of JSON.parse(readFileSync('test/fixtures/guide-job/v2-catalog-entries.json', 'utf8'))) {
        const headers = {authorization: 'Bearer demo-incident-api-key'};
        await fetch(`${guide.url}/v2/catalog_entries`, {method: 'POST', body: JSON.stringify(body), headers});
      }
      const out = join(dir, 'guide-type.yaml');
      const init = await runCli(['init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out],
        guideEnv);
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      const text = readFileSync(out, 'utf8');
      const kept = ['name: "Port Services"', 'typeName: \'Custom["PortServices"]\'', 'categories: [service]'];
      for (const line of [...kept, '- {name: readme, type: Text}']) {
        expect(text, line).toContain(line);
      }
      expect((await runCli(['validate', '--remote', '--config', out], guideEnv)).code).toBe(0);
      const refused = await runCli(['plan', '--config', out], guideEnv);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('--adopt');
      const plan = await runCli(['plan', '--config', out, '--adopt'], guideEnv);
      expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
      expect(plan.stdout).not.toMatch(/~ (name|description|categories) /);
      expect((await runCli(['apply', '--config', out, '--adopt', '--auto-approve'], guideEnv)).code).toBe(0);
      expect((await runCli(['plan', '--config', out, '--detailed-exitcode'], guideEnv)).code).toBe(0);
    } finally {
      await guide.close();
    }
  });

  it('needs the incident.io API key and one blueprint', async () => {
    const {INCIDENT_IO_API_KEY: _key, ...noKey} = env;
    const missing = await runCli(['init', '--blueprint', 'team', '--catalog-type', 'X', '--out', join(dir, 'k.yaml')],
      noKey);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('INCIDENT_IO_API_KEY');
    const both = ['--blueprint', 'team', '--blueprint', 'service'];
    const two = await runCli(['init', ...both, '--catalog-type', 'X', '--out', join(dir, 'two.yaml')], env);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('--catalog-type takes over one type: give one --blueprint');
  });
});
