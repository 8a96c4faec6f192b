// `reconcile init` writes a config that validates and plans cleanly as written, and
// `validate --remote` lists what does not exist or does not fit.
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {DEMO_TYPE_ID, multiSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;

beforeEach(async () => {
  const seed = multiSeed();
  const service = seed.port.blueprints[2]!.schema.properties;
  service['replicas'] = {type: 'number'};
  service['public'] = {type: 'boolean'};
  service['tags'] = {type: 'array', items: {type: 'string'}};
  service['readme'] = {type: 'string', format: 'markdown'};
  service['settings'] = {type: 'object'};
  const first = seed.port.entities.service[0]!;
  first.properties = {...first.properties, replicas: 3, public: true, tags: ['pci'], readme: '# Payments'};
  s = await scenario({seed, example: 'multi'});
});
afterEach(() => s.close());

describe('reconcile init', () => {
  it('writes declared types that follow the blueprints, and the file validates, plans and applies as written', async () => {
    const out = s.file('init.yaml');
    const init = await s.run('init', '--blueprint', 'team', '--blueprint', 'service', '--out', out);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Wrote ${out}: 2 syncs`);
    const text = readFileSync(out, 'utf8');
    for (const line of [
      'typeName: \'Custom["PortService"]\'',
      '- {name: readme, type: Text}',
      '- {name: replicas, type: Number}',
      '- {name: public, type: Bool}',
      '- {name: tags, type: String, array: true}',
      '- {name: team, type: \'Custom["PortTeam"]\'}',
      '- {name: domain, type: String}',
      'team: relations.team',
      '# settings: left out, a object value',
    ])
      expect(text, line).toContain(line);

    expect((await s.run('validate', '--config', out)).code).toBe(0);
    const remote = await s.run('validate', '--remote', '--config', out);
    expect(remote.stdout).toContain('Every mapped property and attribute exists, with a type that fits.');
    const plan = await s.run('plan', '--config', out, '--detailed-exitcode');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(
      'Plan: 8 to create, 0 to update, 0 to delete. (and 2 catalog types to create or change first)',
    );
    expect((await s.run('apply', '--config', out, '--auto-approve')).code).toBe(0);
    expect((await s.run('plan', '--config', out, '--detailed-exitcode')).code).toBe(0);
  });

  it("points $schema at this version's schema, and fills sourceRepoUrl from the git remote, as https", async () => {
    const repo = mkdtempSync(join(s.dir, 'repo-'));
    const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], {encoding: 'utf8'});
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@github.com:acme/catalog.git');
    const out = join(repo, 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
    const published = `https://unpkg.com/catalog-reconcile@${version}/schemas/sync.config.schema.json`;
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${published}`);
    expect(text).toContain('        sourceRepoUrl: https://github.com/acme/catalog\n');
    expect((await s.run('validate', '--config', out)).code).toBe(0);

    // Installed in the project (npm install catalog-reconcile): the schema inside node_modules.
    const schemas = join(repo, 'node_modules', 'catalog-reconcile', 'schemas');
    mkdirSync(schemas, {recursive: true});
    copyFileSync('schemas/sync.config.schema.json', join(schemas, 'sync.config.schema.json'));
    mkdirSync(join(repo, 'config'));
    const nested = join(repo, 'config', 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', nested)).code).toBe(0);
    expect(readFileSync(nested, 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/catalog-reconcile/schemas/sync.config.schema.json',
    );

    // No git remote: no sourceRepoUrl, rather than a guess.
    const bare = s.file('no-remote.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', bare)).code).toBe(0);
    expect(readFileSync(bare, 'utf8')).not.toContain('sourceRepoUrl');
  });

  it('refuses a blueprint given twice (two syncs and two declared types of one type name), writing nothing', async () => {
    const out = s.file('twice.yaml');
    const twice = await s.run(
      'init',
      '--blueprint',
      'team',
      '--blueprint',
      'service',
      '--blueprint',
      'team',
      '--out',
      out,
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('--blueprint "team" is given twice');
    expect(existsSync(out)).toBe(false);
  });

  it('will not overwrite a file without --force', async () => {
    const out = s.variant('exists.yaml', 'mine');
    const result = await s.run('init', '--blueprint', 'team', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exists; pass --force');
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });
});

describe('init in two repositories against one incident.io', () => {
  const syncName = (file: string): string =>
    (parse(readFileSync(file, 'utf8')) as {syncs: Array<{name: string}>}).syncs[0]!.name;

  /** A git checkout inside the scenario's folder, with `origin` at `remote`. */
  function checkout(remote: string): string {
    const repo = mkdtempSync(join(s.dir, 'repo-'));
    execFileSync('git', ['-C', repo, 'init', '-q']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
    return repo;
  }

  it("gives each sync a name of its own, so a second repository's config cannot take the first one's type", async () => {
    const a = join(checkout('git@github.com:acme/catalog-a.git'), 'sync.config.yaml');
    const b = join(checkout('https://github.com/acme/catalog-b.git'), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', a)).code).toBe(0);
    expect((await s.run('init', '--blueprint', 'team', '--out', b)).code).toBe(0);
    const nameA = syncName(a);
    expect(nameA).toMatch(/^team-[a-z2-9]{6}$/);
    expect(syncName(b)).not.toBe(nameA);

    expect((await s.run('apply', '--config', a, '--auto-approve')).code).toBe(0);
    await s.emulator.control('DELETE', '/requests');
    const plan = await s.run('plan', '--config', b);
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain(`catalog type "Port Team" belongs to sync "${nameA}" (annotation reconcile.sync-id)`);
    const apply = await s.run('apply', '--config', b, '--auto-approve');
    expect(apply.code).toBe(3);
    const writes = (await s.emulator.requests()).filter((r) => r.api === 'incident' && r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('init --catalog-type says when the type belongs to a sync of another config', async () => {
    const a = join(checkout('git@github.com:acme/catalog-a.git'), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', a)).code).toBe(0);
    expect((await s.run('apply', '--config', a, '--auto-approve')).code).toBe(0);
    const b = join(checkout('git@github.com:acme/catalog-b.git'), 'sync.config.yaml');
    const init = await s.run('init', '--blueprint', 'team', '--catalog-type', 'Custom["PortTeam"]', '--out', b);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(
      `Warning: catalog type "Port Team" belongs to sync "${syncName(a)}" (annotation reconcile.sync-id): ` +
        `plan refuses it for sync "${syncName(b)}". If this config replaces that one, name its sync ` +
        `"${syncName(a)}".`,
    );
  });

  it('init --force says which names of the config it replaces it cannot keep', async () => {
    const out = join(checkout('git@github.com:acme/catalog.git'), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    const name = syncName(out);
    const other = await s.run('init', '--blueprint', 'service', '--force', '--out', out);
    expect(other.code).toBe(0);
    expect(other.stderr).toContain(
      `Warning: sync "${name}" (blueprint "team") is not written again: a catalog type that sync applied stays ` +
        'its own (annotation reconcile.sync-id); give its name to the sync that should keep the type.',
    );
    writeFileSync(out, 'syncs: [unclosed\n');
    const broken = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
    expect(broken.code).toBe(0);
    expect(broken.stderr).toContain(`Warning: ${out} could not be read for its sync names (`);
  });

  it('init --force keeps the sync names of the config it replaces: the type stays its own', async () => {
    const out = join(checkout('git@github.com:acme/catalog.git'), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    const name = syncName(out);
    expect((await s.run('apply', '--config', out, '--auto-approve')).code).toBe(0);
    const again = await s.run('init', '--blueprint', 'team', '--blueprint', 'service', '--force', '--out', out);
    expect(again.code).toBe(0);
    const names = (parse(readFileSync(out, 'utf8')) as {syncs: Array<{name: string}>}).syncs.map((x) => x.name);
    expect(names[0]).toBe(name);
    expect(names[1]).toMatch(/^service-[a-z2-9]{6}$/);
  });
});

describe('validate --remote', () => {
  it('lists mapped properties the blueprint lacks, attributes the type lacks, and types that do not fit', async () => {
    const bad = s.variant('bad.yaml', (yaml) =>
      yaml
        .replace(
          '      lead: properties.lead',
          '      lead: properties.leader\n      size: properties.slack\n      shoe: properties.lead',
        )
        .replace(
          '          - {name: lead, type: String}',
          '          - {name: lead, type: String}\n          - {name: size, type: Number}',
        ),
    );
    const result = await s.run('validate', '--remote', '--config', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problem(s) against Port and incident.io:');
    expect(result.stderr).toContain(
      'sync "teams": attribute "lead" ← properties.leader: blueprint "team" has no property "leader" (it has: slack, lead)',
    );
    expect(result.stderr).toContain(
      'sync "teams": attribute "size" (Number) ← properties.slack: the property is string, which that attribute cannot hold',
    );
    expect(result.stderr).toContain(
      'sync "teams": attribute "shoe": declared type Custom["PortTeam"] (not created yet) has no attribute by that name (it has: slack, lead, size)',
    );
    expect(await s.writes()).toEqual([]);
  });
});

describe('init --catalog-type', () => {
  it("takes over the type the guide's job fills: same type, no phantom change, one --adopt", async () => {
    const guide = await scenario();
    try {
      const bodies = JSON.parse(readFileSync('test/fixtures/guide-job/v2-catalog-entries.json', 'utf8')) as unknown[];
      for (const body of bodies) {
        const headers = {authorization: 'Bearer demo-incident-api-key'};
        await fetch(`${guide.emulator.url}/v2/catalog_entries`, {method: 'POST', body: JSON.stringify(body), headers});
      }
      const out = guide.file('guide-type.yaml');
      const init = await guide.run('init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out);
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      const text = readFileSync(out, 'utf8');
      const kept = ['name: "Port Services"', 'typeName: \'Custom["PortServices"]\'', 'categories: [service]'];
      for (const line of [...kept, '- {name: readme, type: Text}']) {
        expect(text, line).toContain(line);
      }
      expect((await guide.run('validate', '--remote', '--config', out)).code).toBe(0);
      const refused = await guide.run('plan', '--config', out);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('--adopt');
      const plan = await guide.run('plan', '--config', out, '--adopt');
      expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
      expect(plan.stdout).not.toMatch(/~ (name|description|categories) /);
      expect((await guide.run('apply', '--config', out, '--adopt', '--auto-approve')).code).toBe(0);
      expect((await guide.run('plan', '--config', out, '--detailed-exitcode')).code).toBe(0);
    } finally {
      await guide.close();
    }
  });

  it('needs the incident.io API key and one blueprint', async () => {
    const noKey = {env: {INCIDENT_IO_API_KEY: undefined}};
    const oneType = ['--catalog-type', 'X', '--out', s.file('k.yaml')];
    const missing = await s.runWith(noKey, 'init', '--blueprint', 'team', ...oneType);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('INCIDENT_IO_API_KEY');
    const both = ['--blueprint', 'team', '--blueprint', 'service'];
    const two = await s.run('init', ...both, '--catalog-type', 'X', '--out', s.file('two.yaml'));
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('--catalog-type takes over one type: give one --blueprint');
  });
});
