// The incident.io adapter's conversions: what it reads of a type, and what update_schema sends back.
import {describe, expect, it} from 'vitest';
import {toAttributePayload, toSchema} from '../../../src/targets/incident/incident-target.js';

describe('update_schema payloads', () => {
  it('send back every attribute field that was read and is not managed, unknown ones included', () => {
    const attributes = [
      {id: 'A1', name: 'services', type: 'Custom["Service"]', array: true, mode: 'backlink', backlink_attribute: 'B7'},
      {
        id: 'A2',
        name: 'owner lead',
        type: 'String',
        array: false,
        mode: 'path',
        path: [
          {attribute_id: 'B7', attribute_name: 'owner'},
          {attribute_id: 'C1', attribute_name: 'lead'},
        ],
      },
      {id: 'A3', name: 'tier', type: 'String', array: false, mode: 'api', some_future_field: {nested: [1, 2]}},
    ];
    const schema = toSchema({id: 'T', name: 'Teams', type_name: 'Custom["Team"]', schema: {version: 3, attributes}});
    expect(schema.attributes.map((a) => [a.name, a.mode])).toEqual([
      ['services', 'backlink'],
      ['owner lead', 'path'],
      ['tier', 'api'],
    ]);
    expect(schema.attributes.map(toAttributePayload)).toEqual(attributes);
  });

  it('leave out a mode it did not read', () => {
    const schema = toSchema({
      id: 'T',
      name: 'Teams',
      type_name: 'Custom["Team"]',
      schema: {version: 1, attributes: [{id: 'A', name: 'a', type: 'String', array: false}]},
    });
    expect(schema.attributes.map(toAttributePayload)).toEqual([{id: 'A', name: 'a', type: 'String', array: false}]);
  });
});
