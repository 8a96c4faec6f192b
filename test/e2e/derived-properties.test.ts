// Port's mirror, calculation and aggregation properties: their values sit in each entity's
// `properties`, so `validate --remote` and `init` must know them as well as the schema's own.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const SEED = JSON.parse(readFileSync('examples/multi/emulator-data.json', 'utf8'));
const CONFIG = readFileSync('examples/multi/sync.config.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'reconcile-derived-'));
let emulator: EmulatorHandle;
let env: Record<string, string>;

function seed(): any {
  const s = structuredClone(SEED);
  const [team, , service] = s.port.blueprints;
  service.mirrorProperties = {
    teamSlack: {title: 'Team Slack', path: 'team.slack'},
    teamName: {title: 'Team', path: 'team.$title'},
  };
  service.calculationProperties = {
    label: {title: 'Label', calculation: '.title + " (" + .properties.language + ")"', type: 'string'},
  };
  team.aggregationProperties = {
    services: {title: 'Services', target: 'service', calculationSpec: {func: 'count', calculationBy: 'entities'}},
  };
  // Port computes these; the seed holds the values it would hold (mirrors the emulator computes itself).
  for (const e of s.port.entities.service) e.properties.label = `${e.title} (${e.properties.language})`;
  for (const e of s.port.entities.team)
    e.properties.services = s.port.entities.service.filter((x: any) => x.relations.team === e.identifier).length;
  return s;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeEach(async () => {
  emulator = await startTestEmulator(seed());
  env = {
    PORT_API_URL: emulator.url,
    INCIDENT_API_URL: emulator.url,
    PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: 'demo-incident-api-key',
  };
});
afterEach(() => emulator.close());

const MAPPED = CONFIG.replace(
  '          - {name: domain, type: \'Custom["PortDomain"]\'}',
  '          - {name: domain, type: \'Custom["PortDomain"]\'}\n' +
    '          - {name: teamSlack, type: String}\n          - {name: label, type: String}',
)
  .replace(
    '      domain: relations.domain\n',
    '      domain: relations.domain\n      teamSlack: properties.teamSlack\n      label: properties.label\n',
  )
  .replace(
    '          - {name: lead, type: String}',
    '          - {name: lead, type: String}\n          - {name: services, type: Number}',
  )
  .replace('      lead: properties.lead\n', '      lead: properties.lead\n      services: properties.services\n');

describe('mirror, calculation and aggregation properties', () => {
  it('validate --remote knows them, with their types, and plan reads their values', async () => {
    const path = file('mapped.yaml', MAPPED);
    const remote = await runCli(['validate', '--remote', '-c', path], env);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);

    const apply = await runCli(['apply', '-c', path, '--auto-approve'], env);
    expect(apply.code, apply.stderr).toBe(0);
    const service = await emulator.catalogType('Custom["PortService"]');
    const attr = (name: string): string => service.schema.attributes.find((a) => a.name === name)!.id;
    const ledger = (await emulator.entries(service.id)).find((e) => e.external_id === 'ledger')!;
    expect(ledger.attribute_values[attr('teamSlack')]).toEqual({
      value: {literal: '#team-payments', label: '#team-payments'},
    });
    expect(ledger.attribute_values[attr('label')]?.value?.literal).toBe('Ledger (GO)');
    expect((await runCli(['plan', '-c', path, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it("validate --remote says when a mirror cannot fit the attribute, from the related blueprint's type", async () => {
    const path = file(
      'misfit.yaml',
      MAPPED.replace('{name: teamSlack, type: String}', '{name: teamSlack, type: Number}'),
    );
    const remote = await runCli(['validate', '--remote', '-c', path], env);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain('1 problem(s)');
    expect(remote.stderr).toContain(
      'sync "services": attribute "teamSlack" (Number) ← properties.teamSlack: the property is string',
    );
  });

  it("init maps them like the schema's own properties, and the file applies as written", async () => {
    const out = join(dir, 'init.yaml');
    const init = await runCli(['init', '--blueprint', 'team', '--blueprint', 'service', '--out', out], env);
    expect(init.code, init.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const line of [
      '- {name: teamSlack, type: String}',
      '- {name: teamName, type: String}',
      '- {name: label, type: String}',
      '- {name: services, type: Number}',
      'teamSlack: properties.teamSlack',
      'services: properties.services',
    ])
      expect(text, line).toContain(line);
    expect((await runCli(['validate', '--remote', '-c', out], env)).code).toBe(0);
    expect((await runCli(['apply', '-c', out, '--auto-approve'], env)).code).toBe(0);
    expect((await runCli(['plan', '-c', out, '--detailed-exitcode'], env)).code).toBe(0);
  });
});
