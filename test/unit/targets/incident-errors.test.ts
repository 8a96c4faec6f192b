// What a user reads when incident.io refuses a request: its error entries, never "[object Object]".
import {describe, expect, it} from 'vitest';
import {describeIncidentError} from '../../../src/targets/incident/incident-errors.js';

describe('incident.io error bodies', () => {
  it('show each error with its code and field, and the request ID; the fields named apart', () => {
    const body = JSON.stringify({
      type: 'validation_error',
      request_id: 'req-1',
      errors: [{code: 'is_required', message: 'name is required', source: {field: 'name'}}],
    });
    expect(describeIncidentError(body, {})).toEqual({
      messages: ['[is_required] name is required (field: name)'],
      requestId: 'req-1',
      fields: ['name'],
    });
  });

  it('show a message that is not a string as JSON, and a missing one as "error"', () => {
    const body = JSON.stringify({errors: [{code: 'odd', message: {detail: 'nested'}}, {code: 'bare'}]});
    expect(describeIncidentError(body, {'x-request-id': 'req-2'})).toEqual({
      messages: ['[odd] {"detail":"nested"}', '[bare] error'],
      requestId: 'req-2',
      fields: [],
    });
  });
});
