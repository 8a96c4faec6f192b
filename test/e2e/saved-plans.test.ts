// Plans you can review and trust: saved plans, staleness, JSON and Markdown, ownership, guards.
import {readFileSync, writeFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DEMO_TYPE_ID, demoSeed, type CatalogType} from '../helpers/emulator.js';
import {parseDocument, parsePlan, readPlan} from '../helpers/json-output.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const planSchema = JSON.parse(
  readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats.default(ajv);
const validatePlan = ajv.compile(planSchema);

let s: Scenario;

beforeEach(async () => {
  s = await scenario();
});
afterEach(() => s.close());

async function renameLive(externalId: string, name: string): Promise<void> {
  const entry = (await s.emulator.entries()).find((e) => e.external_id === externalId)!;
  const res = await s.emulator.incident('PUT', `/v3/catalog_entries/${entry.id}`, {
    name,
    attribute_values: {},
    update_attributes: [],
  });
  expect(res.status).toBe(200);
}

/** The demo type as incident.io's API shows it. */
async function demoType(): Promise<CatalogType> {
  return (await s.emulator.incident<{catalog_type: CatalogType}>('GET', `/v3/catalog_types/${DEMO_TYPE_ID}`)).body
    .catalog_type;
}

async function annotations(): Promise<Record<string, string>> {
  return (await demoType()).annotations;
}

/** Someone else (the UI, another tool) sets the type's annotations. */
async function setAnnotations(annotations: Record<string, string>): Promise<void> {
  const type = await demoType();
  const res = await s.emulator.incident('PUT', `/v3/catalog_types/${DEMO_TYPE_ID}`, {
    name: type.name,
    description: type.description,
    annotations,
  });
  expect(res.status).toBe(200);
}

/** Another tool (the guide's job, say) creates an entry with an external ID in the demo type. */
async function addForeignEntry(): Promise<void> {
  const res = await s.emulator.incident('POST', '/v3/catalog_entries', {
    catalog_type_id: DEMO_TYPE_ID,
    name: 'Other',
    external_id: 'other-tool-1',
    attribute_values: {},
  });
  expect(res.status).toBe(201);
}

describe('saved plans', () => {
  it('apply PLAN writes exactly the saved plan, without a prompt', async () => {
    const out = s.file('plan.json');
    const plan = await s.run('plan', '--out', out);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(`Saved the plan to ${out}`);
    const doc = readPlan(out);
    expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(doc.summary).toMatchObject({create: 7, update: 0, delete: 0, types_to_claim: 1});
    // Port changes after the plan was made: the saved plan is still what gets applied.
    await s.emulator.deleteEntity('service', 'ledger');
    const apply = await s.run('apply', out);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 7 created, 0 updated, 0 deleted.');
    expect((await s.emulator.entries()).some((e) => e.external_id === 'ledger')).toBe(true);
  });

  it('refuses a plan whose entries moved since, listing them, and writes nothing', async () => {
    await s.run('apply', '--auto-approve');
    const ledger = demoSeed().port.entities.service.find((e) => e.identifier === 'ledger')!;
    await s.emulator.putEntity('service', {...ledger, properties: {...ledger.properties, lifecycle: 'Deprecated'}});
    await s.emulator.deleteEntity('service', 'checkout-web');
    await s.emulator.putEntity('service', {identifier: 'brand-new', title: 'Brand New', properties: {}});
    const out = s.file('stale.json');
    expect((await s.run('plan', '--out', out)).stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');

    await renameLive('ledger', 'Ledger (renamed by hand)');
    const brandNew = {catalog_type_id: DEMO_TYPE_ID, name: 'Brand New', external_id: 'brand-new', attribute_values: {}};
    const created = await s.emulator.incident('POST', '/v3/catalog_entries', brandNew);
    expect(created.status).toBe(201);
    await s.clearRequests();
    const apply = await s.run('apply', out);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Saved plan is stale: 2 entries moved since');
    expect(apply.stderr).toMatch(
      /sync "services": brand-new: planned to be created, but entry \S+ with this external ID now exists/,
    );
    expect(apply.stderr).toMatch(/sync "services": ledger: changed at \S+, after the plan was made/);
    expect(await s.writes()).toEqual([]);
  });

  it('after a failed write, says to make a new plan: the saved one is stale now', async () => {
    const http = 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\nsyncs:';
    const fast = s.variant('fast.yaml', (yaml) => yaml.replace('syncs:', http));
    const out = s.file('fails.json');
    expect((await s.run('plan', '-c', fast, '--out', out)).code).toBe(0);
    await s.emulator.failNext({method: 'POST', path: '/v3/catalog_entries', kind: '500', count: 2});
    const apply = await s.run('apply', '-c', fast, out, '--parallelism', '1');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      'Apply failed: 1 write(s) did not succeed (listed above). The saved plan is stale now: ' +
        'make a new plan (reconcile plan --out FILE) and apply it to retry them.',
    );
    expect(apply.stderr).not.toContain('Re-running apply retries them');
    // As it says: the same plan is refused.
    const again = await s.run('apply', '-c', fast, out);
    expect(again.stderr).toContain('Saved plan is stale: 6 entries moved');
  });

  it('refuses a plan made from another config, or in a newer major format', async () => {
    const out = s.file('other.json');
    await s.run('plan', '--out', out);
    const lowercase = (yaml: string): string => yaml.replace('url: properties.url', 'url: $lowercase(properties.url)');
    const other = s.variant('other.yaml', lowercase);
    const refused = await s.run('apply', '-c', other, out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`was made from a different configuration than ${other}`);

    const newer = s.file('newer.json');
    writeFileSync(newer, JSON.stringify({...readPlan(out), format_version: '2.0'}));
    const tooNew = await s.run('apply', newer);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toContain('was written in plan format 2.0, newer than this reconcile');

    const broken = s.file('broken.json');
    writeFileSync(broken, JSON.stringify({...readPlan(out), changes: [{action: 'explode'}]}));
    const invalid = await s.run('apply', broken);
    expect(invalid.stderr).toContain('does not match schemas/plan.schema.json');
    expect(await s.writes()).toEqual([]);
  });

  it('refuses a plan saved under another filter: it would delete what the new config wants', async () => {
    const withFilter = (name: string, filter: string): string =>
      s.variant(name, (yaml) =>
        yaml.replace('      blueprint: service\n', `      blueprint: service\n      filter: ${filter}\n`),
      );
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const out = s.file('filter.json');
    const narrow = withFilter('narrow.yaml', 'properties.lifecycle = "Production"');
    const plan = await s.run('plan', '-c', narrow, '--out', out);
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, [1-9]\d* to delete\./);
    await s.clearRequests();
    const wide = withFilter('wide.yaml', 'properties.lifecycle != "Retired"');
    const refused = await s.run('apply', '-c', wide, out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was made from a different configuration than');
    expect(await s.writes()).toEqual([]);
  });
});

describe('saved plans and narrowing flags', () => {
  // A saved plan is applied whole: --target or --sync with it would apply part of what was
  // reviewed, or (as before review 8b) silently all of it.
  it('apply PLAN --target is refused, and nothing is written', async () => {
    const out = s.file('narrow-target.json');
    expect((await s.run('plan', '--out', out)).code).toBe(0);
    await s.clearRequests();
    const apply = await s.run('apply', out, '--target', 'ledger');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      '--target: a saved plan is applied exactly as made; make the plan with --target ' +
        '(reconcile plan --target … --out FILE), then apply that file. Nothing was written.',
    );
    expect(await s.requests()).toEqual([]);
  });

  it('apply PLAN --sync (even one naming no sync) is refused, and nothing is written', async () => {
    const out = s.file('narrow-sync.json');
    expect((await s.run('plan', '--out', out)).code).toBe(0);
    await s.clearRequests();
    for (const args of [
      ['--sync', 'nosuch'],
      ['--sync', 'services', '--target', 'ledger'],
    ]) {
      const apply = await s.run('apply', out, ...args);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain('a saved plan is applied exactly as made');
    }
    expect(await s.requests()).toEqual([]);
  });
});

describe('--json', () => {
  it('prints one document valid against the schema, keeps exit codes, and logs to stderr', async () => {
    const plan = await s.run('plan', '--json', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    const doc = parsePlan(plan.stdout);
    expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(doc.changes[0]).toMatchObject({
      action: 'create',
      external_id: 'payments-api',
      after: {name: 'Payments API', attributes: {language: 'Node'}},
    });

    const apply = await s.run('apply', '--json', '--auto-approve');
    expect(apply.code).toBe(0);
    const applied = parsePlan(apply.stdout);
    expect(validatePlan(applied), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(applied.result).toEqual({created: 7, updated: 0, deleted: 0, not_started: 0, failures: []});
    expect(apply.stderr).toContain('Applying: 7/7 writes');

    const none = await s.run('plan', '--json', '--detailed-exitcode');
    expect(none.code).toBe(0);
    expect(parsePlan(none.stdout).changes).toEqual([]);

    const failed = await s.runWith({env: {INCIDENT_IO_API_KEY: 'wrong-key-123'}}, 'plan', '--json');
    expect(failed.code).toBe(1);
    const error = parseDocument(failed.stdout);
    expect(validatePlan(error)).toBe(true);
    expect(error.error).toMatchObject({exit_code: 1, message: expect.stringContaining('HTTP 401') as string});
  });
});

describe('GitHub Actions', () => {
  it('appends the Markdown plan to the step summary and writes the counts to the outputs', async () => {
    const summary = s.file('summary.md');
    const outputs = s.file('outputs.txt');
    writeFileSync(summary, '');
    writeFileSync(outputs, '');
    const result = await s.runWith({env: {GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs}}, 'plan');
    expect(result.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('**Plan: 7 to create, 0 to update, 0 to delete.**');
    expect(readFileSync(outputs, 'utf8')).toBe('has_changes=true\ncreate=7\nupdate=0\ndelete=0\n');
    const apply = await s.runWith({env: {GITHUB_STEP_SUMMARY: summary}}, 'apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/\*\*Apply complete! 7 created, 0 updated, 0 deleted\.\*\*\n$/);
  });
});

describe('ownership', () => {
  it("a second sync name cannot touch the first one's type", async () => {
    await s.run('apply', '--auto-approve');
    expect((await demoType()).annotations).toEqual({'reconcile.sync-id': 'services'});
    const other = s.variant('second.yaml', (yaml) => yaml.replace('name: services', 'name: services-copy'));
    await s.clearRequests();
    for (const [command, ...args] of [
      ['plan', '-c', other],
      ['apply', '-c', other, '--auto-approve', '--adopt'],
    ]) {
      const result = await s.run(command!, ...args);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        'catalog type "Port Services" belongs to sync "services" (annotation reconcile.sync-id)',
      );
    }
    expect(await s.writes()).toEqual([]);
  });

  it('apply PLAN refuses a type another sync claimed after the plan was made, and writes nothing', async () => {
    const out = s.file('claimed.json');
    expect((await s.run('plan', '--out', out)).code).toBe(0);
    await setAnnotations({'reconcile.sync-id': 'billing'});
    await s.clearRequests();
    const apply = await s.run('apply', out);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain(
      'catalog type "Port Services" belongs to sync "billing" (annotation reconcile.sync-id)',
    );
    expect(await s.writes()).toEqual([]);
  });

  it("without a saved plan, a type holding another tool's entries needs --adopt", async () => {
    await addForeignEntry();
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('--adopt');
  });

  it('apply PLAN refuses to claim a type that another tool filled after the plan was made', async () => {
    // The plan was approved as a claim of an empty unowned type; claiming it now adopts the other
    // tool's entry, and the next plan would delete it (review 8b).
    const out = s.file('filled.json');
    expect((await s.run('plan', '--out', out)).code).toBe(0);
    await addForeignEntry();
    await s.clearRequests();
    const apply = await s.run('apply', out);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain(
      'catalog type "Port Services" holds 1 entries with external IDs, 1 more than when ' +
        `${out} was made (another tool added them since), and no reconcile sync has claimed it.`,
    );
    expect(apply.stderr).toContain('run again with --adopt');
    expect(await s.writes()).toEqual([]);
    expect((await s.run('plan')).stdout).not.toContain('other-tool-1');
    // Adopting is a choice the user can still make, on the same plan.
    expect((await s.run('apply', out, '--adopt')).code).toBe(0);
    expect((await annotations())['reconcile.sync-id']).toBe('services');
  });

  it('claiming a type keeps the annotations others set, even those set after the plan was made', async () => {
    await setAnnotations({'example.com/team': 'sre'});
    const out = s.file('annotated.json');
    expect((await s.run('plan', '--out', out)).code).toBe(0);
    await setAnnotations({'example.com/team': 'sre', 'example.com/tier': '1'});
    const apply = await s.run('apply', out);
    expect(apply.code).toBe(0);
    expect(await annotations()).toEqual({
      'example.com/team': 'sre',
      'example.com/tier': '1',
      'reconcile.sync-id': 'services',
    });
  });

  it('plan sends no request but GET to incident.io', async () => {
    const result = await s.run('plan', '--detailed-exitcode');
    expect(result.code).toBe(2);
    const incident = (await s.requests()).filter((r) => r.api === 'incident');
    expect(incident.length).toBeGreaterThan(0);
    expect(incident.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('guards', () => {
  it('refuses to empty the catalog when Port returns no entities, unless --allow-empty-source', async () => {
    await s.run('apply', '--auto-approve');
    await s.emulator.control('POST', '/port/blueprints/service/entities', {replace: true, entities: []});
    await s.clearRequests();
    const refused = await s.run('apply', '--auto-approve');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'Port returned 0 entities for blueprint "service" while catalog type "Port Services" holds 7 synced entries',
    );
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await s.writes()).toEqual([]);
    const allowed = await s.run('apply', '--auto-approve', '--allow-empty-source');
    expect(allowed.stdout).toContain('Apply complete! 0 created, 0 updated, 7 deleted.');
  });

  it('refuses to empty a small catalog when a typo in the mapping skips every entity', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const typo = s.variant('typo.yaml', (yaml) => yaml.replace('externalId: identifier', 'externalId: identifer'));
    await s.clearRequests();
    const refused = await s.run('apply', '-c', typo, '--auto-approve');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'all 8 entities Port returned for blueprint "service" were skipped ' +
        '(first: entity "payments-api": external ID is empty)',
    );
    expect(refused.stderr).toContain('catalog type "Port Services" holds 7 synced entries');
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await s.writes()).toEqual([]);
    expect((await s.emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(7);
  });

  it('refuses to empty a small catalog when a filter leaves out every entity', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const blueprint = '      blueprint: service\n';
    expect(s.text).toContain(blueprint);
    const filter = `${blueprint}      filter: properties.lifecycle = "Nonexistent"\n`;
    const narrow = s.variant('filter-none.yaml', (yaml) => yaml.replace(blueprint, filter));
    await s.clearRequests();
    const refused = await s.run('apply', '-c', narrow, '--auto-approve');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'all 8 entities Port returned for blueprint "service" were left out by the filter',
    );
    expect(refused.stderr).toContain('catalog type "Port Services" holds 7 synced entries');
    expect(refused.stderr).toContain('--allow-empty-source');
    expect(await s.writes()).toEqual([]);
    expect((await s.emulator.entries()).filter((e) => e.external_id !== undefined)).toHaveLength(7);
  });

  it('refuses a mass delete past maxDeletePercent, unless --allow-mass-delete', async () => {
    const seed = demoSeed();
    seed.port.entities.service = Array.from({length: 40}, (_, i) => ({
      identifier: `s${i}`,
      title: `S${i}`,
      properties: {},
    }));
    const big = await scenario({seed});
    try {
      await big.run('apply', '--auto-approve');
      const entities = seed.port.entities.service.slice(0, 28);
      await big.emulator.control('POST', '/port/blueprints/service/entities', {replace: true, entities});
      const refused = await big.run('plan');
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(
        'the plan deletes 12 of 40 synced entries (30.0%), more than maxDeletePercent (20%)',
      );
      const allowed = await big.run('apply', '--auto-approve', '--allow-mass-delete');
      expect(allowed.stdout).toContain('Apply complete! 0 created, 0 updated, 12 deleted.');
    } finally {
      await big.close();
    }
  });

  it('--target narrows plan and apply, warns, and deletes nothing outside it', async () => {
    await s.run('apply', '--auto-approve');
    await s.emulator.deleteEntity('service', 'legacy-billing');
    const ledger = demoSeed().port.entities.service.find((e) => e.identifier === 'ledger')!;
    await s.emulator.putEntity('service', {...ledger, title: 'Ledger v2'});
    const plan = await s.run('plan', '--target', 'ledger');
    expect(plan.stdout).toContain('Warning: narrowed to "ledger" (--target)');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete.');
    const apply = await s.run('apply', '--auto-approve', '--target', 'ledger');
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    expect((await s.emulator.entries()).some((e) => e.external_id === 'legacy-billing')).toBe(true);
  });
});
