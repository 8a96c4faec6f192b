// The built CLI against the emulator, round by round, as a user in CI would run it.
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
  DEMO_TYPE_ID,
  HAND_MADE_ENTRY_ID,
  demoSeed,
  type Binding,
  type Entry,
  type SeedEntry,
} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const ATTR = {
  url: '01J5RBA0URL000000000000000',
  readme: '01J5RBA0README000000000000',
  language: '01J5RBA0LANGUAGE0000000000',
  lifecycle: '01J5RBA0LIFECYCLE000000000',
  type: '01J5RBA0TYPE00000000000000',
};

let s: Scenario;

beforeEach(async () => {
  s = await scenario();
});
afterEach(async () => {
  await s.close();
});

const literal = (entry: Entry | undefined, id: string): string | undefined =>
  entry?.attribute_values[id]?.value?.literal;

describe('round 1: first apply', () => {
  it('creates every entry with the guide values and leaves the hand-made entry alone', async () => {
    const result = await s.run('apply', '--auto-approve');
    expect(result.stderr).toMatch(/^Applying: 7\/7 writes, [\d.]+\/s, ETA 0s\n$/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 7 to create, 0 to update, 0 to delete.');
    expect(result.stdout).toContain('Apply complete! 7 created, 0 updated, 0 deleted.');
    expect(result.stdout).toContain('scratch-repo: name is empty');

    const entries = await s.emulator.entries();
    const seed = demoSeed().port.entities.service.filter((e) => e.title);
    expect(entries).toHaveLength(seed.length + 1);
    for (const entity of seed) {
      const entry = entries.find((e) => e.external_id === entity.identifier);
      expect(entry, entity.identifier).toBeDefined();
      expect(entry?.name).toBe(entity.title);
      const properties = entity.properties as Record<string, string | undefined>;
      for (const name of ['url', 'language', 'lifecycle', 'type'] as const) {
        expect(literal(entry, ATTR[name])).toBe(properties[name]);
      }
      expect(literal(entry, ATTR.readme)).toBe(properties['readme']?.trimEnd());
    }
    const handMade = entries.find((e) => e.id === HAND_MADE_ENTRY_ID);
    expect(handMade?.name).toBe('Mainframe (added by hand)');
    expect(entries.some((e) => e.external_id === 'scratch-repo')).toBe(false);
  });
});

describe('round 2: nothing changed', () => {
  it('plans no changes and applies with zero write requests', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const plan = await s.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes. The catalog matches the configuration.');

    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('No changes.');
    expect(await s.writes()).toEqual([]);
    expect((await s.requests()).length).toBeGreaterThan(0);
  });
});

describe('round 3: a property changed in Port', () => {
  it('plans one update old -> new, applies it, and converges', async () => {
    await s.run('apply', '--auto-approve');
    const ledger = demoSeed().port.entities.service.find((e) => e.identifier === 'ledger')!;
    await s.emulator.putEntity('service', {...ledger, properties: {...ledger.properties, lifecycle: 'Deprecated'}});

    const plan = await s.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('# ledger "Ledger" will be updated in-place');
    expect(plan.stdout).toMatch(/~ lifecycle = "Production" -> "Deprecated"/);
    expect(plan.stdout).toContain('# (5 unchanged attributes hidden)');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete.');

    await s.clearRequests();
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    expect((await s.writes()).map((w) => w.method)).toEqual(['PUT']);
    const entry = (await s.emulator.entries()).find((e) => e.external_id === 'ledger');
    expect(literal(entry, ATTR.lifecycle)).toBe('Deprecated');
    expect((await s.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});

describe('round 4: an entity removed from Port', () => {
  it('deletes its entry, says why, and keeps the entry without external ID', async () => {
    await s.run('apply', '--auto-approve');
    await s.emulator.deleteEntity('service', 'legacy-billing');
    const plan = await s.run('plan');
    expect(plan.stdout).toContain('# legacy-billing "Legacy Billing" will be deleted');
    expect(plan.stdout).toContain('# (because no entity in Port blueprint "service" maps to this external ID)');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete.');
    const apply = await s.run('apply', '--auto-approve');
    expect(apply.stdout).toContain('Apply complete! 0 created, 0 updated, 1 deleted.');
    const entries = await s.emulator.entries();
    expect(entries.map((e) => e.external_id)).not.toContain('legacy-billing');
    expect(entries.map((e) => e.id)).toContain(HAND_MADE_ENTRY_ID);
  });
});

describe('approval', () => {
  it('refuses to write without a terminal and without --auto-approve', async () => {
    const result = await s.run('apply');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Plan: 7 to create');
    expect(result.stderr).toContain('No terminal to ask for approval: nothing was written.');
    expect(await s.writes()).toEqual([]);
  });
});

describe("after the guide's job (Port's curl + jq workflow)", () => {
  // test/fixtures/guide-job/v2-catalog-entries.json holds the request bodies the guide's job sends for
  // examples/emulator-data.json, captured from its script: one v2 create per entity with a title, "" for a
  // missing property (jq's `// empty` passed through --arg), and each README without its trailing newlines
  // (cut by the shell's $(...)). The guide: https://docs.port.io/guides/all/sync-service-entities-to-incident-io
  const fixture = new URL('../fixtures/guide-job/v2-catalog-entries.json', import.meta.url);
  const GUIDE_BODIES = JSON.parse(readFileSync(fixture, 'utf8')) as Array<
    SeedEntry & {attribute_values: Record<string, Binding>}
  >;

  it("the fixture is what the guide's job sends for the demo entities", () => {
    // A missing value is jq's `// empty` under --arg; $(...) cuts trailing newlines. (The demo's
    // properties are all strings; anything else would be the JSON jq prints for it.)
    const shell = (value: unknown): string =>
      value === null || value === undefined
        ? ''
        : (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\n+$/, '');
    const expected = demoSeed()
      .port.entities.service.filter((e) => e.title)
      .map((e) => ({
        aliases: [],
        attribute_values: Object.fromEntries(
          (['url', 'readme', 'language', 'lifecycle', 'type'] as const).map((name) => [
            ATTR[name],
            {value: {literal: shell(e.properties?.[name])}},
          ]),
        ),
        catalog_type_id: DEMO_TYPE_ID,
        external_id: e.identifier,
        name: e.title,
      }));
    expect(GUIDE_BODIES).toEqual(expected);
    const literals = GUIDE_BODIES.flatMap((b) => Object.values(b.attribute_values).map((v) => v.value?.literal ?? ''));
    expect(literals).toContain(''); // notifications has no README
    expect(literals.some((l) => l.startsWith('# ') && !l.endsWith('\n'))).toBe(true);
  });

  async function seedAsTheGuideLeftIt(how: 'v2 creates' | 'stored as sent'): Promise<void> {
    if (how === 'stored as sent') {
      // Should incident.io keep an empty literal instead of dropping it, reconcile must still read it as "no value".
      const seed = demoSeed();
      seed.incident.entries.push(...GUIDE_BODIES.map((b) => ({...b, rank: 0})));
      await s.close();
      s = await scenario({seed});
      return;
    }
    for (const body of GUIDE_BODIES) {
      const response = await fetch(`${s.emulator.url}/v2/catalog_entries`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {authorization: `Bearer ${s.env['INCIDENT_IO_API_KEY']}`, 'content-type': 'application/json'},
      });
      expect(response.status, await response.text()).toBe(201);
    }
  }

  it.each(['v2 creates', 'stored as sent'] as const)(
    "plans no phantom change over the guide's entries (%s), and --adopt converges",
    async (how) => {
      await seedAsTheGuideLeftIt(how);
      expect((await s.emulator.entries(DEMO_TYPE_ID)).length).toBe(8);
      // The guide's entries carry external IDs but no sync claimed the type: adopting it takes --adopt once.
      const refused = await s.run('plan');
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('holds 7 entries with external IDs that no reconcile sync has claimed');
      expect(refused.stderr).toContain('run again with --adopt');
      const plan = await s.run('plan', '--detailed-exitcode', '--adopt');
      expect(plan.stdout).toContain(
        'Plan: 0 to create, 0 to update, 0 to delete. (and 1 catalog type to mark as owned)',
      );
      expect(plan.code).toBe(2);
      await s.clearRequests();
      expect((await s.run('apply', '--auto-approve', '--adopt')).code).toBe(0);
      const writes = (await s.writes()).map((w) => `${w.method} ${w.path}`);
      expect(writes).toEqual([`PUT /v3/catalog_types/${DEMO_TYPE_ID}`]); // the ownership annotation, nothing else
      const after = await s.run('plan', '--detailed-exitcode');
      expect(after.stdout).toContain('No changes.');
      expect(after.code).toBe(0);
      expect((await s.emulator.entries(DEMO_TYPE_ID)).length).toBe(8);
    },
  );
});
