// Review of issue 10: `reconcile init --catalog-type` over types as users have them in incident.io,
// and init's sourceRepoUrl from git remotes on self-hosted forges. The built CLI against the emulator.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {DEMO_TYPE_ID, demoEnv, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const GUIDE_BODIES: unknown[] = JSON.parse(readFileSync('test/fixtures/guide-job/v2-catalog-entries.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'reconcile-init-review-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

/** The demo's type, changed as `change` says, filled by the guide's job (its v2 creates). */
async function guideType(change: (type: Record<string, any>) => void): Promise<void> {
  const seed = demoSeed();
  change(seed.incident.catalogTypes.find((t: {id: string}) => t.id === DEMO_TYPE_ID));
  emulator = await startTestEmulator(seed);
  env = demoEnv(emulator);
  for (const body of GUIDE_BODIES) {
    const response = await fetch(`${emulator.url}/v2/catalog_entries`, {
      method: 'POST', body: JSON.stringify(body), headers: {authorization: 'Bearer demo-incident-api-key'},
    });
    expect(response.status).toBe(201);
  }
}

beforeEach(() => {
  env = {};
});
afterEach(async () => {
  await emulator?.close();
});

describe('init --catalog-type over a type as it is in incident.io', () => {
  it('writes a config that validates when the type has no description', async () => {
    await guideType((type) => {
      type.description = '';
    });
    const out = join(dir, 'no-description.yaml');
    const init = await runCli(['init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out], env);
    expect(init.code).toBe(0);
    const validate = await runCli(['validate', '--config', out], env);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });

  it("keeps the taken-over type's attribute types: plan --adopt changes no attribute", async () => {
    // The guide says "string" for url; a user picked rich text (Text) in the dashboard.
    await guideType((type) => {
      type.schema.attributes.find((a: {name: string}) => a.name === 'url').type = 'Text';
    });
    const out = join(dir, 'url-text.yaml');
    expect((await runCli(['init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out], env)).code)
      .toBe(0);
    const remote = await runCli(['validate', '--remote', '--config', out], env);
    expect(remote.stdout).toContain('Every mapped property and attribute exists, with a type that fits.');
    const plan = await runCli(['plan', '--config', out, '--adopt'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
    expect(plan.stdout).not.toMatch(/attribute "url"/);
    expect((await runCli(['apply', '--config', out, '--adopt', '--auto-approve'], env)).code).toBe(0);
    const state = await emulator.control('GET', '/state');
    const type = state.incident.catalogTypes.find((t: {id: string}) => t.id === DEMO_TYPE_ID);
    expect(type.schema.attributes.find((a: {name: string}) => a.name === 'url').type).toBe('Text');
  });
});

describe("init's sourceRepoUrl from a git remote on a forge with its own port", () => {
  it.each([
    ['http://git.internal:3000/acme/catalog.git', 'http://git.internal:3000/acme/catalog'],
    ['https://gitlab.example.com:8443/platform/catalog.git', 'https://gitlab.example.com:8443/platform/catalog'],
  ])('%s gives %s', async (remote, url) => {
    emulator = await startTestEmulator(demoSeed());
    env = demoEnv(emulator);
    const repo = mkdtempSync(join(dir, 'repo-'));
    execFileSync('git', ['-C', repo, 'init', '-q']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
    mkdirSync(join(repo, 'config'));
    const out = join(repo, 'config', 'sync.config.yaml');
    expect((await runCli(['init', '--blueprint', 'service', '--out', out], env)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`        sourceRepoUrl: ${url}\n`);
  });
});
