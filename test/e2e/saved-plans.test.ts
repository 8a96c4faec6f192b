// Plans you can review and trust: saved plans, staleness, JSON and Markdown, ownership, guards.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {DEMO_TYPE_ID, demoEnv, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const CONFIG = 'examples/sync.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'reconcile-saved-'));
const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
const planSchema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats.default(ajv);
const validatePlan = ajv.compile(planSchema);

let emulator: EmulatorHandle;
let env: Record<string, string>;
let n = 0;
const file = (name: string) => join(dir, `${(n += 1)}-${name}`);

beforeEach(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterEach(() => emulator.close());

async function renameLive(externalId: string, name: string): Promise<void> {
  const entry = (await emulator.entries()).find((e) => e.external_id === externalId);
  const res = await fetch(`${emulator.url}/v3/catalog_entries/${entry.id}`, {method: 'PUT', headers: KEY, body: JSON.stringify({name, attribute_values: {}, update_attributes: []})});
  expect(res.status).toBe(200);
}

async function annotations(): Promise<Record<string, string>> {
  const body: any = await (await fetch(`${emulator.url}/v3/catalog_types/${DEMO_TYPE_ID}`, {headers: KEY})).json();
  return body.catalog_type.annotations;
}

/** Someone else (the UI, another tool) sets the type's annotations. */
async function setAnnotations(annotations: Record<string, string>): Promise<void> {
  const {catalog_type: type}: any = await (
    await fetch(`${emulator.url}/v3/catalog_types/${DEMO_TYPE_ID}`, {headers: KEY})
  ).json();
  const res = await fetch(`${emulator.url}/v3/catalog_types/${DEMO_TYPE_ID}`, {
    method: 'PUT',
    headers: KEY,
    body: JSON.stringify({name: type.name, description: type.description, annotations}),
  });
  expect(res.status).toBe(200);
}

/** Another tool (the guide's job, say) creates an entry with an external ID in the demo type. */
async function addForeignEntry(): Promise<void> {
  const res = await fetch(`${emulator.url}/v3/catalog_entries`, {
    method: 'POST',
    headers: KEY,
    body: JSON.stringify({
      catalog_type_id: DEMO_TYPE_ID,
      name: 'Other',
      external_id: 'other-tool-1',
      attribute_values: {},
    }),
  });
  expect(res.status).toBe(201);
}

describe('saved plans', () => {
  it('apply PLAN writes exactly the saved plan, without a prompt', async () => {
    const out = file('plan.json');
    const plan = await runCli(['plan', '-c', CONFIG, '--out', out], env);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(`Saved the plan to ${out}`);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(doc.summary).toMatchObject({create: 7, update: 0, delete: 0, types_to_claim: 1});
    // Port changes after the plan was made: the saved plan is still what gets applied.
    await emulator.deleteEntity('service', 'ledger');
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 7 created, 0 updated, 0 deleted.');
    expect((await emulator.entries()).some((e) => e.external_id === 'ledger')).toBe(true);
  });

  it('refuses a plan whose entries moved since, listing them, and writes nothing', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    const ledger = demoSeed().port.entities.service.find((e: any) => e.identifier === 'ledger');
    await emulator.putEntity('service', {...ledger, properties: {...ledger.properties, lifecycle: 'Deprecated'}});
    await emulator.deleteEntity('service', 'checkout-web');
    await emulator.putEntity('service', {identifier: 'brand-new', title: 'Brand New', properties: {}});
    const out = file('stale.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');

    await renameLive('ledger', 'Ledger (renamed by hand)');
    const created = await fetch(`${emulator.url}/v3/catalog_entries`, {method: 'POST', headers: KEY, body: JSON.stringify({catalog_type_id: DEMO_TYPE_ID, name: 'Brand New', external_id: 'brand-new', attribute_values: {}})});
    expect(created.status).toBe(201);
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Saved plan is stale: 2 entries moved since');
    expect(apply.stderr).toMatch(/sync "services": brand-new: planned to be created, but entry \S+ with this external ID now exists/);
    expect(apply.stderr).toMatch(/sync "services": ledger: changed at \S+, after the plan was made/);
    expect(await emulator.writes()).toEqual([]);
  });

  it('after a failed write, says to make a new plan: the saved one is stale now', async () => {
    const fast = file('fast.yaml');
    const http = 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\nsyncs:';
    writeFileSync(fast, readFileSync(CONFIG, 'utf8').replace('syncs:', http));
    const out = file('fails.json');
    expect((await runCli(['plan', '-c', fast, '--out', out], env)).code).toBe(0);
    await emulator.failNext({method: 'POST', path: '/v3/catalog_entries', kind: '500', count: 2});
    const apply = await runCli(['apply', '-c', fast, out, '--parallelism', '1'], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      'Apply failed: 1 write(s) did not succeed (listed above). The saved plan is stale now: ' +
        'make a new plan (reconcile plan --out FILE) and apply it to retry them.',
    );
    expect(apply.stderr).not.toContain('Re-running apply retries them');
    // As it says: the same plan is refused.
    const again = await runCli(['apply', '-c', fast, out], env);
    expect(again.stderr).toContain('Saved plan is stale: 6 entries moved');
  });

  it('refuses a plan made from another config, or in a newer major format', async () => {
    const out = file('other.json');
    await runCli(['plan', '-c', CONFIG, '--out', out], env);
    const other = file('other.yaml');
    writeFileSync(other, readFileSync(CONFIG, 'utf8').replace('url: properties.url', 'url: $lowercase(properties.url)'));
    const refused = await runCli(['apply', '-c', other, out], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`was made from a different configuration than ${other}`);

    const newer = file('newer.json');
    writeFileSync(newer, JSON.stringify({...JSON.parse(readFileSync(out, 'utf8')), format_version: '2.0'}));
    const tooNew = await runCli(['apply', '-c', CONFIG, newer], env);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toContain('was written in plan format 2.0, newer than this reconcile');

    const broken = file('broken.json');
    writeFileSync(broken, JSON.stringify({...JSON.parse(readFileSync(out, 'utf8')), changes: [{action: 'explode'}]}));
    const invalid = await runCli(['apply', '-c', CONFIG, broken], env);
    expect(invalid.stderr).toContain('does not match schemas/plan.schema.json');
    expect(await emulator.writes()).toEqual([]);
  });

  it('refuses a plan saved under another filter: it would delete what the new config wants', async () => {
    const withFilter = (filter: string) => {
      const path = file('filtered.yaml');
      writeFileSync(
        path,
        readFileSync(CONFIG, 'utf8').replace(
          '      blueprint: service\n',
          `      blueprint: service\n      filter: ${filter}\n`,
        ),
      );
      return path;
    };
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    const out = file('filter.json');
    const narrow = withFilter('properties.lifecycle = "Production"');
    const plan = await runCli(['plan', '-c', narrow, '--out', out], env);
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, [1-9]\d* to delete\./);
    await emulator.clearRequests();
    const refused = await runCli(['apply', '-c', withFilter('properties.lifecycle != "Retired"'), out], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was made from a different configuration than');
    expect(await emulator.writes()).toEqual([]);
  });
});

describe('saved plans and narrowing flags', () => {
  // A saved plan is applied whole: --target or --sync with it would apply part of what was
  // reviewed, or (as before review 8b) silently all of it.
  it('apply PLAN --target is refused, and nothing is written', async () => {
    const out = file('narrow-target.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', CONFIG, out, '--target', 'ledger'], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      '--target: a saved plan is applied exactly as made; make the plan with --target ' +
        '(reconcile plan --target … --out FILE), then apply that file. Nothing was written.',
    );
    expect(await emulator.requests()).toEqual([]);
  });

  it('apply PLAN --sync (even one naming no sync) is refused, and nothing is written', async () => {
    const out = file('narrow-sync.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    await emulator.clearRequests();
    for (const args of [['--sync', 'nosuch'], ['--sync', 'services', '--target', 'ledger']]) {
      const apply = await runCli(['apply', '-c', CONFIG, out, ...args], env);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain('a saved plan is applied exactly as made');
    }
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('--json', () => {
  it('prints one document valid against the schema, keeps exit codes, and logs to stderr', async () => {
    const plan = await runCli(['plan', '-c', CONFIG, '--json', '--detailed-exitcode'], env);
    expect(plan.code).toBe(2);
    const doc = JSON.parse(plan.stdout);
    expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(doc.changes[0]).toMatchObject({action: 'create', external_id: 'payments-api', after: {name: 'Payments API', attributes: {language: 'Node'}}});

    const apply = await runCli(['apply', '-c', CONFIG, '--json', '--auto-approve'], env);
    expect(apply.code).toBe(0);
    const applied = JSON.parse(apply.stdout);
    expect(validatePlan(applied), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(applied.result).toEqual({created: 7, updated: 0, deleted: 0, not_started: 0, failures: []});
    expect(apply.stderr).toContain('Applying: 7/7 writes');

    const none = await runCli(['plan', '-c', CONFIG, '--json', '--detailed-exitcode'], env);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).changes).toEqual([]);

    const failed = await runCli(['plan', '-c', CONFIG, '--json'], {...env, INCIDENT_IO_API_KEY: 'wrong-key-123'});
    expect(failed.code).toBe(1);
    const error = JSON.parse(failed.stdout);
    expect(validatePlan(error)).toBe(true);
    expect(error.error).toMatchObject({exit_code: 1, message: expect.stringContaining('HTTP 401')});
  });
});

describe('GitHub Actions', () => {
  it('appends the Markdown plan to the step summary and writes the counts to the outputs', async () => {
    const summary = file('summary.md');
    const outputs = file('outputs.txt');
    writeFileSync(summary, '');
    writeFileSync(outputs, '');
    const result = await runCli(['plan', '-c', CONFIG], {...env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs});
    expect(result.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('**Plan: 7 to create, 0 to update, 0 to delete.**');
    expect(readFileSync(outputs, 'utf8')).toBe('has_changes=true\ncreate=7\nupdate=0\ndelete=0\n');
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], {...env, GITHUB_STEP_SUMMARY: summary});
    expect(apply.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/\*\*Apply complete! 7 created, 0 updated, 0 deleted\.\*\*\n$/);
  });
});

describe('ownership', () => {
  it('a second sync name cannot touch the first one\'s type', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    const type: any = await (await fetch(`${emulator.url}/v3/catalog_types/${DEMO_TYPE_ID}`, {headers: KEY})).json();
    expect(type.catalog_type.annotations).toEqual({'reconcile.sync-id': 'services'});
    const other = file('second.yaml');
    writeFileSync(other, readFileSync(CONFIG, 'utf8').replace('name: services', 'name: services-copy'));
    await emulator.clearRequests();
    for (const args of [['plan', '-c', other], ['apply', '-c', other, '--auto-approve', '--adopt']]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('catalog type "Port Services" belongs to sync "services" (annotation reconcile.sync-id)');
    }
    expect(await emulator.writes()).toEqual([]);
  });

  it('apply PLAN refuses a type another sync claimed after the plan was made, and writes nothing', async () => {
    const out = file('claimed.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    await setAnnotations({'reconcile.sync-id': 'billing'});
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain(
      'catalog type "Port Services" belongs to sync "billing" (annotation reconcile.sync-id)',
    );
    expect(await emulator.writes()).toEqual([]);
  });

  it('without a saved plan, a type holding another tool\'s entries needs --adopt', async () => {
    await addForeignEntry();
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('--adopt');
  });

  it('apply PLAN refuses to claim a type that another tool filled after the plan was made', async () => {
    // The plan was approved as a claim of an empty unowned type; claiming it now adopts the other
    // tool's entry, and the next plan would delete it (review 8b).
    const out = file('filled.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    await addForeignEntry();
    await emulator.clearRequests();
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain(
      'catalog type "Port Services" holds 1 entries with external IDs, 1 more than when ' +
        `${out} was made (another tool added them since), and no reconcile sync has claimed it.`,
    );
    expect(apply.stderr).toContain('run again with --adopt');
    expect(await emulator.writes()).toEqual([]);
    expect((await runCli(['plan', '-c', CONFIG], env)).stdout).not.toContain('other-tool-1');
    // Adopting is a choice the user can still make, on the same plan.
    expect((await runCli(['apply', '-c', CONFIG, out, '--adopt'], env)).code).toBe(0);
    expect((await annotations())['reconcile.sync-id']).toBe('services');
  });

  it('claiming a type keeps the annotations others set, even those set after the plan was made', async () => {
    await setAnnotations({'example.com/team': 'sre'});
    const out = file('annotated.json');
    expect((await runCli(['plan', '-c', CONFIG, '--out', out], env)).code).toBe(0);
    await setAnnotations({'example.com/team': 'sre', 'example.com/tier': '1'});
    const apply = await runCli(['apply', '-c', CONFIG, out], env);
    expect(apply.code).toBe(0);
    expect(await annotations()).toEqual({
      'example.com/team': 'sre',
      'example.com/tier': '1',
      'reconcile.sync-id': 'services',
    });
  });

  it('plan sends no request but GET to incident.io', async () => {
    const result = await runCli(['plan', '-c', CONFIG, '--detailed-exitcode'], env);
    expect(result.code).toBe(2);
    const incident = (await emulator.requests()).filter((r) => r.api === 'incident');
    expect(incident.length).toBeGreaterThan(0);
    expect(incident.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('guards', () => {
  it('refuses to empty the catalog when Port returns no entities, unless --allow-empty-source', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    await emulator.control('POST', '/port/blueprints/service/entities', {replace: true, entities: []});
    await emulator.clearRequests();
    const refused = await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Port returned 0 entities for blueprint "service" while catalog type "Port Services" holds 7 synced entries');
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await emulator.writes()).toEqual([]);
    const allowed = await runCli(['apply', '-c', CONFIG, '--auto-approve', '--allow-empty-source'], env);
    expect(allowed.stdout).toContain('Apply complete! 0 created, 0 updated, 7 deleted.');
  });

  it('refuses to empty a small catalog when a typo in the mapping skips every entity', async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    const typo = file('typo.yaml');
    writeFileSync(typo, readFileSync(CONFIG, 'utf8').replace('externalId: identifier', 'externalId: identifer'));
    await emulator.clearRequests();
    const refused = await runCli(['apply', '-c', typo, '--auto-approve'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'all 8 entities Port returned for blueprint "service" were skipped ' +
        '(first: entity "payments-api": external ID is empty)',
    );
    expect(refused.stderr).toContain('catalog type "Port Services" holds 7 synced entries');
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await emulator.writes()).toEqual([]);
    expect((await emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(7);
  });

  it('refuses to empty a small catalog when a filter leaves out every entity', async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    const narrow = file('filter.yaml');
    const text = readFileSync(CONFIG, 'utf8');
    const blueprint = '      blueprint: service\n';
    expect(text).toContain(blueprint);
    writeFileSync(narrow, text.replace(blueprint, `${blueprint}      filter: properties.lifecycle = "Nonexistent"\n`));
    await emulator.clearRequests();
    const refused = await runCli(['apply', '-c', narrow, '--auto-approve'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('all 8 entities Port returned for blueprint "service" were left out by the filter');
    expect(refused.stderr).toContain('catalog type "Port Services" holds 7 synced entries');
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await emulator.writes()).toEqual([]);
    expect((await emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(7);
  });

  it('refuses a mass delete past maxDeletePercent, unless --allow-mass-delete', async () => {
    const seed = demoSeed();
    seed.port.entities.service = Array.from({length: 40}, (_, i) => ({identifier: `s${i}`, title: `S${i}`, properties: {}}));
    const big = await startTestEmulator(seed);
    try {
      const bigEnv = demoEnv(big);
      await runCli(['apply', '-c', CONFIG, '--auto-approve'], bigEnv);
      await big.control('POST', '/port/blueprints/service/entities', {replace: true, entities: seed.port.entities.service.slice(0, 28)});
      const refused = await runCli(['plan', '-c', CONFIG], bigEnv);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('the plan deletes 12 of 40 synced entries (30.0%), more than maxDeletePercent (20%)');
      const allowed = await runCli(['apply', '-c', CONFIG, '--auto-approve', '--allow-mass-delete'], bigEnv);
      expect(allowed.stdout).toContain('Apply complete! 0 created, 0 updated, 12 deleted.');
    } finally {
      await big.close();
    }
  });

  it('--target narrows plan and apply, warns, and deletes nothing outside it', async () => {
    await runCli(['apply', '-c', CONFIG, '--auto-approve'], env);
    await emulator.deleteEntity('service', 'legacy-billing');
    const ledger = demoSeed().port.entities.service.find((e: any) => e.identifier === 'ledger');
    await emulator.putEntity('service', {...ledger, title: 'Ledger v2'});
    const plan = await runCli(['plan', '-c', CONFIG, '--target', 'ledger'], env);
    expect(plan.stdout).toContain('Warning: narrowed to "ledger" (--target)');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete.');
    const apply = await runCli(['apply', '-c', CONFIG, '--auto-approve', '--target', 'ledger'], env);
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    expect((await emulator.entries()).some((e) => e.external_id === 'legacy-billing')).toBe(true);
  });
});
