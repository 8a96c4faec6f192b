// Third review of init's sync names: `init --force` keeps the names of the config it replaces (they own their
// catalog types). Configs that reconcile itself loads, validates and applies must keep theirs too, and what init
// writes with a kept name must validate. The built CLI against the emulator.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {multiSeed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;

beforeEach(async () => {
  s = await scenario({seed: multiSeed(), example: 'multi'});
});
afterEach(() => s.close());

/** A git checkout inside the scenario's folder, so init fills sourceRepoUrl the same way each time. */
function checkoutFile(): string {
  const repo = mkdtempSync(join(s.dir, 'repo-'));
  execFileSync('git', ['-C', repo, 'init', '-q']);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@github.com:acme/catalog.git']);
  return join(repo, 'sync.config.yaml');
}

const syncNames = (file: string): string[] =>
  (parse(readFileSync(file, 'utf8')) as {syncs: Array<{name: string}>}).syncs.map((sync) => sync.name);

/** init's config for `team`, applied (the type now belongs to its sync), then rewritten by `edit`. */
async function appliedThenEdited(edit: (text: string, name: string) => string): Promise<{out: string; name: string}> {
  const out = checkoutFile();
  expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
  const name = syncNames(out)[0]!;
  writeFileSync(out, edit(readFileSync(out, 'utf8'), name));
  const validate = await s.run('validate', '--config', out);
  expect(validate.stderr, 'the edited config is one reconcile accepts').toBe('');
  const apply = await s.run('apply', '--config', out, '--auto-approve');
  expect(apply.code, apply.stderr).toBe(0);
  return {out, name};
}

describe('init --force over a config written with the YAML the README documents', () => {
  it('keeps the name of a sync whose source comes through a merge key from an x- anchor', async () => {
    // README, Configuration: "top-level keys starting with x- are ignored, a place for shared anchors ... <<: *name"
    const {out, name} = await appliedThenEdited((text, n) =>
      text
        .replace('syncs:\n', 'x-team: &team\n  source:\n    blueprint: "team"\nsyncs:\n')
        .replace(`  - name: ${n}\n    source:\n      blueprint: "team"\n`, `  - name: ${n}\n    <<: *team\n`),
    );
    expect(readFileSync(out, 'utf8')).toContain('<<: *team');
    const init = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
    expect(init.code).toBe(0);
    expect(syncNames(out)).toEqual([name]);
    const plan = await s.run('plan', '--config', out);
    expect(plan.stderr).not.toContain('belongs to sync');
    expect(plan.code, plan.stderr).toBe(0);
  });

  it('keeps the name of a config with more than 100 alias uses (reconcile loads up to 1000)', async () => {
    // One anchor used 101 times: 101 declared attributes of one type. The yaml library's default limit is 100;
    // loadConfig allows 1000 (MAX_ALIAS_COUNT: "the yaml library's default, 100, is short of a config with many
    // syncs"), so this config validates and applies.
    const extra = Array.from({length: 101}, (_, i) =>
      i === 0 ? '          - {name: extra0, type: &str String}\n' : `          - {name: extra${i}, type: *str}\n`,
    ).join('');
    const {out, name} = await appliedThenEdited((text) =>
      text.replace('        attributes:\n', `        attributes:\n${extra}`),
    );
    const init = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
    expect(init.code).toBe(0);
    expect(syncNames(out)).toEqual([name]);
    const plan = await s.run('plan', '--config', out);
    expect(plan.stderr).not.toContain('belongs to sync');
  });
});

describe('init --force keeps a name that needs quotes in YAML', () => {
  it.each(['true', 'null', 'False'])(
    'a sync named "%s" (valid, and its type is its own): the file still validates',
    async (n) => {
      const {out} = await appliedThenEdited((text, name) => text.replace(`  - name: ${name}\n`, `  - name: '${n}'\n`));
      const init = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
      expect(init.code).toBe(0);
      const validate = await s.run('validate', '--config', out);
      expect(validate.stderr).toBe('');
      expect(validate.code).toBe(0);
      expect(syncNames(out)).toEqual([n]);
      const plan = await s.run('plan', '--config', out);
      expect(plan.code, plan.stderr).toBe(0);
    },
  );
});

describe('init --force over a config whose sync name the schema refuses', () => {
  it('writes a config that validates (a name no plan accepted owns no type)', async () => {
    // The previous init wrote a blueprint's identifier as the name: blueprint "_team" gave `name: _team`, which
    // the schema refuses (^[A-Za-z0-9][A-Za-z0-9_.-]*$). Running the new init --force to get a valid config
    // keeps the refused name.
    const out = checkoutFile();
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    const name = syncNames(out)[0]!;
    writeFileSync(out, readFileSync(out, 'utf8').replace(`  - name: ${name}\n`, '  - name: _team\n'));
    expect((await s.run('validate', '--config', out)).code).toBe(1);
    const init = await s.run('init', '--blueprint', 'team', '--force', '--out', out);
    expect(init.code).toBe(0);
    const validate = await s.run('validate', '--config', out);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });
});

describe("action.yml's documented args on the config init writes", () => {
  it('its --sync example names a sync of that config (the README says --sync NAME)', async () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as {inputs: {args: {description: string}}};
    const example = /"(--sync [^"]+)"/.exec(action.inputs.args.description)?.[1];
    expect(example).toBeDefined();
    const sync = example!.split(' ')[1]!;
    // A placeholder, as the README's table writes it (`--sync NAME`), is fine; a name must be one init gives.
    if (/^[A-Z_]+$/.test(sync)) return;
    const out = checkoutFile();
    expect((await s.run('init', '--blueprint', 'team', '--out', out)).code).toBe(0);
    const plan = await s.run('plan', '--config', out, '--sync', sync);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
  });
});
