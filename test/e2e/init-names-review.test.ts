// Review of init's sync names (acme.catalog.service): the name is the catalog type's owner
// (annotation reconcile.sync-id), so two configs that are not the same must never share one, and
// one repository must keep its own whenever init runs there again. The built CLI against the emulator.
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {multiSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;
let firstService: string;

beforeEach(async () => {
  const seed = multiSeed();
  firstService = seed.port.entities.service[0]!.identifier;
  // Port allows ^[A-Za-z0-9@_.+:/=-]+$ for a blueprint's identifier.
  for (const identifier of ['svc+v2', 'svc-v2', '_'])
    seed.port.blueprints.push({identifier, title: `Blueprint ${identifier}`, schema: {properties: {}, required: []}});
  s = await scenario({seed, example: 'multi'});
});
afterEach(() => s.close());

/** A git checkout inside the scenario's folder, with `origin` at `remote`. */
function checkout(remote: string): string {
  const repo = mkdtempSync(join(s.dir, 'repo-'));
  execFileSync('git', ['-C', repo, 'init', '-q']);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
  return repo;
}

const syncNames = (file: string): string[] =>
  (parse(readFileSync(file, 'utf8')) as {syncs: Array<{name: string}>}).syncs.map((sync) => sync.name);

describe('init in two folders that have no git remote yet', () => {
  it("gives them two sync names: the second folder's apply is refused, never a takeover", async () => {
    // `git init && reconcile init` before the first push, or a folder outside git: no remote.
    const a = join(s.dir, 'sync-a');
    const b = join(s.dir, 'sync-b');
    mkdirSync(a);
    mkdirSync(b);
    execFileSync('git', ['-C', b, 'init', '-q']);
    expect((await s.run('init', '--blueprint', 'team', '--out', join(a, 'sync.config.yaml'))).code).toBe(0);
    expect((await s.run('init', '--blueprint', 'team', '--out', join(b, 'sync.config.yaml'))).code).toBe(0);
    expect((await s.run('apply', '--config', join(a, 'sync.config.yaml'), '--auto-approve')).code).toBe(0);
    // The second folder's config maps the entry's name its own way: its apply would overwrite a's entries.
    const fileB = join(b, 'sync.config.yaml');
    writeFileSync(fileB, readFileSync(fileB, 'utf8').replace('      name: title\n', '      name: identifier\n'));
    await s.clearRequests();
    const apply = await s.run('apply', '--config', fileB, '--auto-approve');
    expect(await s.writes(), apply.stdout).toEqual([]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(3);
    expect(syncNames(fileB)).not.toEqual(syncNames(join(a, 'sync.config.yaml')));
    expect(apply.stderr).toContain('belongs to sync');
  });
});

describe('init in two folders of one repository (a monorepo)', () => {
  it("gives them two sync names: the second folder's apply is refused, never a takeover", async () => {
    const repo = checkout('git@github.com:acme/platform.git');
    const a = join(repo, 'payments', 'sync.config.yaml');
    const b = join(repo, 'growth', 'sync.config.yaml');
    mkdirSync(join(repo, 'payments'));
    mkdirSync(join(repo, 'growth'));
    expect((await s.run('init', '--blueprint', 'team', '--out', a)).code).toBe(0);
    expect((await s.run('init', '--blueprint', 'team', '--out', b)).code).toBe(0);
    expect((await s.run('apply', '--config', a, '--auto-approve')).code).toBe(0);
    writeFileSync(b, readFileSync(b, 'utf8').replace('      name: title\n', '      name: identifier\n'));
    await s.clearRequests();
    const apply = await s.run('apply', '--config', b, '--auto-approve');
    expect(await s.writes(), apply.stdout).toEqual([]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(3);
    expect(apply.stderr).toContain('belongs to sync');
  });
});

describe('init again in another clone of the same repository', () => {
  it.each([
    [
      'GitHub, owner and name in another case',
      'git@github.com:Acme/Catalog.git',
      'https://github.com/acme/catalog.git',
    ],
    [
      'Azure DevOps, https and ssh',
      'https://acme@dev.azure.com/acme/platform/_git/catalog',
      'git@ssh.dev.azure.com:v3/acme/platform/catalog',
    ],
    [
      'Bitbucket Data Center, https and ssh',
      'https://bitbucket.example.com/scm/plat/catalog.git',
      'ssh://git@bitbucket.example.com:7999/plat/catalog.git',
    ],
  ])('keeps the type: %s', async (_, first, second) => {
    const a = join(checkout(first), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', a)).code).toBe(0);
    expect((await s.run('apply', '--config', a, '--auto-approve')).code).toBe(0);
    // A teammate's clone has the committed config and runs init again (a new property in Port).
    const b = join(checkout(second), 'sync.config.yaml');
    copyFileSync(a, b);
    expect((await s.run('init', '--blueprint', 'team', '--force', '--out', b)).code).toBe(0);
    const plan = await s.run('plan', '--config', b, '--detailed-exitcode');
    expect(plan.stderr).toBe('');
    expect(syncNames(b)).toEqual(syncNames(a));
    // The type is kept and no entry changes. init wrote the type's sourceRepoUrl from this clone's remote, so a
    // remote spelled another way shows as that one change of the type (exit 2), as the config now says.
    expect(plan.stdout).toMatch(/No changes\.|Plan: 0 to create, 0 to update, 0 to delete\./);
    expect([0, 2]).toContain(plan.code);
  });
});

describe('init again after the repository was renamed', () => {
  it("keeps the type, or says which name the sync needs to keep it (not 'Point this sync at its own type')", async () => {
    const repo = checkout('git@github.com:acme/catalog.git');
    const out = join(repo, 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    expect((await s.run('apply', '--config', out, '--auto-approve')).code).toBe(0);
    // Renamed on GitHub; `git remote set-url` follows, then init runs again to pick up a new property.
    execFileSync('git', ['-C', repo, 'remote', 'set-url', 'origin', 'git@github.com:acme/catalog-sync.git']);
    const init = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
    expect(init.code).toBe(0);
    const plan = await s.run('plan', '--config', out);
    const told = /name (its|this|the) sync "acme\.catalog\.team"/.test(init.stderr + plan.stderr);
    expect(plan.code === 0 || told, `init: ${init.stderr}\nplan ${plan.code}: ${plan.stderr}`).toBe(true);
  });
});

describe('init with blueprint identifiers Port allows', () => {
  it('writes a config that validates: two blueprints never share a sync name', async () => {
    const out = join(checkout('git@github.com:acme/catalog.git'), 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'svc+v2', '--blueprint', 'svc-v2', '--out', out)).code).toBe(0);
    const validate = await s.run('validate', '--config', out);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });

  it('writes a config that validates: a blueprint "_" outside git', async () => {
    const dir = join(s.dir, 'plain');
    mkdirSync(dir);
    const out = join(dir, 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', '_', '--out', out)).code).toBe(0);
    const validate = await s.run('validate', '--config', out);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });
});

describe("the README's near-real-time steps on the config init writes", () => {
  it("examples/github-targeted-sync.yml's arguments work on init's config (its --sync names the sync)", async () => {
    const workflow = parse(readFileSync('examples/github-targeted-sync.yml', 'utf8')) as {
      jobs: {apply: {steps: Array<{uses?: string; with?: {command: string; args: string}}>}};
    };
    const step = workflow.jobs.apply.steps.find((st) => st.with?.args !== undefined)!;
    const repo = checkout('git@github.com:acme/platform-catalog.git');
    const out = join(repo, 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'team', '--blueprint', 'service', '--out', out)).code).toBe(0);
    expect((await s.run('apply', '--config', out, '--auto-approve')).code).toBe(0);
    writeFileSync(join(repo, 'targets.txt'), `${firstService}\n`);
    const args = step.with!.args.split(/\s+/);
    const result = await s.runWith({cwd: repo}, step.with!.command, '--config', out, ...args);
    expect(result.code, result.stderr).toBe(0);
  });
});
