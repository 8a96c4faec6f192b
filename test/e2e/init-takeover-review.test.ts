// Review of issue 10: `reconcile init --catalog-type` over types as users have them in incident.io,
// and init's sourceRepoUrl from git remotes on self-hosted forges. The built CLI against the emulator.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {DEMO_TYPE_ID, demoSeed, type CatalogType, type SeedCatalogType} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const GUIDE_FILE = 'test/fixtures/guide-job/v2-catalog-entries.json';
const GUIDE_BODIES = JSON.parse(readFileSync(GUIDE_FILE, 'utf8')) as unknown[];
let s: Scenario;

/** The demo's type, changed as `change` says, filled by the guide's job (its v2 creates). */
async function guideType(change: (type: SeedCatalogType) => void): Promise<void> {
  const seed = demoSeed();
  const type = seed.incident.catalogTypes.find((t) => t.id === DEMO_TYPE_ID);
  if (type === undefined) throw new Error(`the demo seed has no type ${DEMO_TYPE_ID}`);
  change(type);
  s = await scenario({seed});
  for (const body of GUIDE_BODIES) {
    const response = await s.emulator.incident('POST', '/v2/catalog_entries', body);
    expect(response.status).toBe(201);
  }
}

afterEach(() => s.close());

describe('init --catalog-type over a type as it is in incident.io', () => {
  it('writes a config that validates when the type has no description', async () => {
    await guideType((type) => {
      type.description = '';
    });
    const out = s.file('no-description.yaml');
    const init = await s.run('init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out);
    expect(init.code).toBe(0);
    const validate = await s.run('validate', '--config', out);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });

  it("keeps the taken-over type's attribute types: plan --adopt changes no attribute", async () => {
    // The guide says "string" for url; a user picked rich text (Text) in the dashboard.
    await guideType((type) => {
      type.schema!.attributes.find((a) => a.name === 'url')!.type = 'Text';
    });
    const out = s.file('url-text.yaml');
    expect((await s.run('init', '--blueprint', 'service', '--catalog-type', DEMO_TYPE_ID, '--out', out)).code).toBe(0);
    const remote = await s.run('validate', '--remote', '--config', out);
    expect(remote.stdout).toContain('Every mapped property and attribute exists, with a type that fits.');
    const plan = await s.run('plan', '--config', out, '--adopt');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
    expect(plan.stdout).not.toMatch(/attribute "url"/);
    expect((await s.run('apply', '--config', out, '--adopt', '--auto-approve')).code).toBe(0);
    const type = (await s.emulator.incident<{catalog_type: CatalogType}>('GET', `/v3/catalog_types/${DEMO_TYPE_ID}`))
      .body.catalog_type;
    expect(type.schema.attributes.find((a) => a.name === 'url')?.type).toBe('Text');
  });
});

describe("init's sourceRepoUrl from a git remote on a forge with its own port", () => {
  it.each([
    ['http://git.internal:3000/acme/catalog.git', 'http://git.internal:3000/acme/catalog'],
    ['https://gitlab.example.com:8443/platform/catalog.git', 'https://gitlab.example.com:8443/platform/catalog'],
  ])('%s gives %s', async (remote, url) => {
    s = await scenario();
    // The git repository is a folder of its own inside the scenario's (which has no remote).
    const repo = mkdtempSync(join(s.dir, 'repo-'));
    execFileSync('git', ['-C', repo, 'init', '-q']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
    mkdirSync(join(repo, 'config'));
    const out = join(repo, 'config', 'sync.config.yaml');
    expect((await s.run('init', '--blueprint', 'service', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`        sourceRepoUrl: ${url}\n`);
  });
});
