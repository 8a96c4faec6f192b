// Port's mirror, calculation and aggregation properties: their values sit in each entity's
// `properties`, so `validate --remote` and `init` must know them as well as the schema's own.
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {multiSeed, type Seed} from '../helpers/emulator.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

let s: Scenario;

function seed(): Seed {
  const data = multiSeed();
  const team = data.port.blueprints[0]!;
  const service = data.port.blueprints[2]!;
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
  for (const e of data.port.entities.service) {
    const properties = e.properties!;
    properties['label'] = `${e.title} (${properties['language'] as string})`;
  }
  for (const e of data.port.entities.team) {
    e.properties!['services'] = data.port.entities.service.filter((x) => x.relations?.['team'] === e.identifier).length;
  }
  return data;
}

beforeEach(async () => {
  s = await scenario({seed: seed(), example: 'multi'});
});
afterEach(() => s.close());

const mapped = (yaml: string): string =>
  yaml
    .replace(
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
    const path = s.variant('mapped.yaml', mapped);
    const remote = await s.run('validate', '--remote', '-c', path);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);

    const apply = await s.run('apply', '-c', path, '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    const service = await s.emulator.catalogType('Custom["PortService"]');
    const attr = (name: string): string => service.schema.attributes.find((a) => a.name === name)!.id;
    const ledger = (await s.emulator.entries(service.id)).find((e) => e.external_id === 'ledger')!;
    expect(ledger.attribute_values[attr('teamSlack')]).toEqual({
      value: {literal: '#team-payments', label: '#team-payments'},
    });
    expect(ledger.attribute_values[attr('label')]?.value?.literal).toBe('Ledger (GO)');
    expect((await s.run('plan', '-c', path, '--detailed-exitcode')).code).toBe(0);
  });

  it("validate --remote says when a mirror cannot fit the attribute, from the related blueprint's type", async () => {
    const path = s.variant('misfit.yaml', (yaml) =>
      mapped(yaml).replace('{name: teamSlack, type: String}', '{name: teamSlack, type: Number}'),
    );
    const remote = await s.run('validate', '--remote', '-c', path);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain('1 problem(s)');
    expect(remote.stderr).toContain(
      'sync "services": attribute "teamSlack" (Number) ← properties.teamSlack: the property is string',
    );
  });

  it("init maps them like the schema's own properties, and the file applies as written", async () => {
    const out = s.file('init.yaml');
    const init = await s.run('init', '--blueprint', 'team', '--blueprint', 'service', '--out', out);
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
    expect((await s.run('validate', '--remote', '-c', out)).code).toBe(0);
    expect((await s.run('apply', '-c', out, '--auto-approve')).code).toBe(0);
    expect((await s.run('plan', '-c', out, '--detailed-exitcode')).code).toBe(0);
  });
});
