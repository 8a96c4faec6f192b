import {describe, expect, it} from 'vitest';
import {entityProperties, mirrorTargets, type BlueprintShape} from '../../../src/core/blueprint-mapping.js';

const team: BlueprintShape = {
  identifier: 'team',
  schema: {properties: {slack: {type: 'string'}, size: {type: 'number'}}},
  aggregationProperties: {services: {}},
};
const service: BlueprintShape = {
  identifier: 'service',
  schema: {properties: {url: {type: 'string', format: 'url'}}},
  relations: {team: {target: 'team'}, watchers: {target: 'team', many: true}, domain: {target: 'domain'}},
  mirrorProperties: {
    slack: {path: 'team.slack'},
    teamName: {path: 'team.$title'},
    sizes: {path: 'watchers.size'},
    domainName: {path: 'domain.name'},
    odd: {path: 'nope.x'},
  },
  calculationProperties: {label: {type: 'string'}},
};

describe('entityProperties', () => {
  it('adds mirror, calculation and aggregation properties, typed through the related blueprints', () => {
    expect(mirrorTargets(service, new Map())).toEqual(['team', 'domain']);
    expect(entityProperties(service, new Map([['team', team]]))).toEqual({
      url: {type: 'string', format: 'url'},
      slack: {type: 'string'},
      teamName: {type: 'string'},
      sizes: {type: 'array', items: {type: 'number'}},
      domainName: {},
      odd: {},
      label: {type: 'string'},
    });
    expect(entityProperties(team, new Map())).toEqual({
      slack: {type: 'string'},
      size: {type: 'number'},
      services: {type: 'number'},
    });
  });
});
