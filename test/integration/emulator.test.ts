// The emulator as incident.io and Port: auth, paging, validation, upsert, archive, limits.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  DEMO_TYPE_ID,
  demoSeed,
  startTestEmulator,
  type CatalogType,
  type EmulatorHandle,
  type Entry,
  type SeedEntity,
} from '../helpers/emulator.js';

let emulator: EmulatorHandle;
const KEY = {authorization: 'Bearer demo-incident-api-key', 'content-type': 'application/json'};
const URL_ATTR = '01J5RBA0URL000000000000000';

/** incident.io's error body, and Port's. */
interface Failure {
  type: string;
  status: number;
  errors: Array<{code: string; message: string; source?: {field: string}}>;
  ok?: false;
}
interface EntryAnswer {
  catalog_entry: Entry;
}
interface TypeAnswer {
  catalog_type: CatalogType;
}

/** A request to the emulator; `T` is the body the test expects back (undefined when empty). */
async function call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = KEY) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });
  const text = await response.text();
  return {status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T};
}

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

describe('incident.io catalog API', () => {
  it('answers 401 with its error shape for a missing or wrong API key', async () => {
    for (const headers of [{}, {authorization: 'Bearer wrong'}]) {
      const res = await call('GET', '/v3/catalog_types', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        type: 'authentication_error',
        status: 401,
        request_id: expect.any(String) as string,
        errors: [{code: 'authentication_error'}],
      });
    }
  });

  it('refuses unknown attribute IDs and badly typed values with 422 and the field', async () => {
    const res = await call<Failure>('POST', '/v3/catalog_entries', {
      catalog_type_id: DEMO_TYPE_ID,
      name: 'x',
      attribute_values: {nope: {value: {literal: 'a'}}, [URL_ATTR]: {array_value: [{literal: 'a'}]}},
    });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('validation_error');
    expect(res.body.errors.map((e) => e.source?.field)).toEqual([
      'attribute_values.nope',
      `attribute_values.${URL_ATTR}`,
    ]);
    const missing = await call<Failure>('POST', '/v3/catalog_entries', {
      catalog_type_id: DEMO_TYPE_ID,
      attribute_values: {},
    });
    expect(missing.body.errors).toEqual([{code: 'is_required', message: 'name is required', source: {field: 'name'}}]);
  });

  it('upserts by external ID, archives on delete, and brings the archived entry back', async () => {
    const payload = {
      catalog_type_id: DEMO_TYPE_ID,
      name: 'One',
      external_id: 'one',
      attribute_values: {[URL_ATTR]: {value: {literal: 'https://1'}}},
    };
    const first = await call<EntryAnswer>('POST', '/v3/catalog_entries', payload);
    const second = await call<EntryAnswer>('POST', '/v3/catalog_entries', {...payload, name: 'One again'});
    expect(first.status).toBe(201);
    expect(second.body.catalog_entry.id).toBe(first.body.catalog_entry.id);
    expect(second.body.catalog_entry.name).toBe('One again');
    expect(second.body.catalog_entry.attribute_values[URL_ATTR]).toEqual({
      value: {literal: 'https://1', label: 'https://1'},
    });
    expect((await call('DELETE', `/v3/catalog_entries/${first.body.catalog_entry.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v3/catalog_entries/${first.body.catalog_entry.id}`)).status).toBe(404);
    expect((await emulator.entries()).some((e) => e.external_id === 'one')).toBe(false);
    const revived = await call<EntryAnswer>('POST', '/v3/catalog_entries', payload);
    expect(revived.body.catalog_entry.id).toBe(first.body.catalog_entry.id);
    expect(revived.body.catalog_entry.archived_at).toBeUndefined();
  });

  it('keeps attributes not named in update_attributes, and clears named ones left out', async () => {
    const LANG = '01J5RBA0LANGUAGE0000000000';
    const created = await call<EntryAnswer>('POST', '/v3/catalog_entries', {
      catalog_type_id: DEMO_TYPE_ID,
      name: 'Two',
      external_id: 'two',
      attribute_values: {[URL_ATTR]: {value: {literal: 'u'}}, [LANG]: {value: {literal: 'Go'}}},
    });
    const id = created.body.catalog_entry.id;
    const partial = await call<EntryAnswer>('PUT', `/v3/catalog_entries/${id}`, {
      name: 'Two',
      attribute_values: {},
      update_attributes: [URL_ATTR],
    });
    expect(partial.body.catalog_entry.attribute_values).toEqual({[LANG]: {value: {literal: 'Go', label: 'Go'}}});
    const full = await call<EntryAnswer>('PUT', `/v3/catalog_entries/${id}`, {
      name: 'Two',
      attribute_values: {[URL_ATTR]: {value: {literal: 'v'}}},
    });
    expect(Object.keys(full.body.catalog_entry.attribute_values)).toEqual([URL_ATTR]);
  });

  it('bulk updates atomically: one bad entry changes nothing', async () => {
    const bulkA = {catalog_type_id: DEMO_TYPE_ID, name: 'A', external_id: 'bulk-a', attribute_values: {}};
    const a = (await call<EntryAnswer>('POST', '/v3/catalog_entries', bulkA)).body.catalog_entry;
    const bad = await call('POST', '/v3/catalog_entries/actions/bulk_update', {
      catalog_type_id: DEMO_TYPE_ID,
      entries: [
        {entry_id: a.id, name: 'A2', attribute_values: {}},
        {entry_id: 'missing', attribute_values: {}},
      ],
    });
    expect(bad.status).toBe(422);
    expect((await call<EntryAnswer>('GET', `/v3/catalog_entries/${a.id}`)).body.catalog_entry.name).toBe('A');
    const good = await call('POST', '/v3/catalog_entries/actions/bulk_update', {
      catalog_type_id: DEMO_TYPE_ID,
      entries: [{entry_id: a.id, name: 'A2', attribute_values: {}}],
    });
    expect(good.status).toBe(204);
    expect((await call<EntryAnswer>('GET', `/v3/catalog_entries/${a.id}`)).body.catalog_entry.name).toBe('A2');
  });

  it("stores a custom reference as the entry it names, and a built-in type's literal as sent", async () => {
    const team = await call<TypeAnswer>('POST', '/v3/catalog_types', {
      name: 'Team',
      description: 'Teams',
      type_name: 'Custom["RefTeam"]',
    });
    const teamId = team.body.catalog_type.id;
    const pay = await call<EntryAnswer>('POST', '/v3/catalog_entries', {
      catalog_type_id: teamId,
      name: 'Payments',
      external_id: 'payments',
      aliases: ['pay'],
      attribute_values: {},
    });
    const svc = await call<TypeAnswer>('POST', '/v3/catalog_types', {
      name: 'Svc',
      description: 'Services',
      type_name: 'Custom["RefSvc"]',
    });
    const svcId = svc.body.catalog_type.id;
    const schema = await call('POST', `/v3/catalog_types/${svcId}/actions/update_schema`, {
      version: 1,
      attributes: [
        {id: 'owner', name: 'owner', type: 'Custom["RefTeam"]', array: false},
        {id: 'oncall', name: 'oncall', type: 'User', array: false},
      ],
    });
    expect(schema.status).toBe(200);
    const created = await call<EntryAnswer>('POST', '/v3/catalog_entries', {
      catalog_type_id: svcId,
      name: 'S',
      external_id: 's',
      attribute_values: {owner: {value: {literal: 'pay'}}, oncall: {value: {literal: 'ana@example.com'}}},
    });
    expect(created.body.catalog_entry.attribute_values).toEqual({
      owner: {value: {literal: pay.body.catalog_entry.id, label: 'Payments'}},
      oncall: {value: {literal: 'ana@example.com', label: 'ana@example.com'}},
    });
    const ghost = await call<Failure>('POST', '/v3/catalog_entries', {
      catalog_type_id: svcId,
      name: 'S',
      external_id: 's',
      attribute_values: {owner: {value: {literal: 'ghost'}}},
    });
    expect(ghost.status).toBe(422);
    expect(ghost.body.errors[0]?.message).toBe('no Custom["RefTeam"] entry has the ID, external ID or alias "ghost"');
    const unknown = await call('POST', `/v3/catalog_types/${svcId}/actions/update_schema`, {
      version: 2,
      attributes: [{name: 'x', type: 'Custom["Nope"]', array: false}],
    });
    expect(unknown.status).toBe(422);
  });

  it('refuses a type color that is not one of its color names, a list holding one included', async () => {
    const type = {name: 'Colored', description: 'Colored', type_name: 'Custom["Colored"]'};
    for (const color of [['yellow'], 'mauve']) {
      const refused = await call<Failure>('POST', '/v3/catalog_types', {...type, color});
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e) => e.source?.field)).toEqual(['color']);
    }
    expect((await call('POST', '/v3/catalog_types', {...type, color: 'yellow'})).status).toBe(201);
  });

  it('pages entries with after cursors and refuses page_size over 250', async () => {
    expect((await call('GET', `/v3/catalog_entries?catalog_type_id=${DEMO_TYPE_ID}&page_size=251`)).status).toBe(422);
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 20; page += 1) {
      const query = `catalog_type_id=${DEMO_TYPE_ID}&page_size=2${after === '' ? '' : `&after=${after}`}`;
      const res = await call<{catalog_entries: Entry[]; pagination_meta: {after?: string}}>(
        'GET',
        `/v3/catalog_entries?${query}`,
      );
      seen.push(...res.body.catalog_entries.map((e) => e.id));
      if (res.body.pagination_meta.after === undefined) break;
      after = res.body.pagination_meta.after;
    }
    expect(seen).toEqual((await emulator.entries()).map((e) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers 404 in its error shape for unknown types, entries and routes', async () => {
    expect((await call('GET', '/v3/catalog_types/nope')).body).toMatchObject({type: 'not_found', status: 404});
    expect((await call('GET', '/v3/catalog_entries/nope')).status).toBe(404);
    expect((await call<Failure>('GET', '/v3/nothing-here')).body.type).toBe('not_found');
  });
});

describe('derived attributes (backlink, path)', () => {
  it('are defined with their backlink_attribute or path, computed on read, and never written', async () => {
    const seed = {
      incident: {
        apiKeys: ['k'],
        catalogTypes: [
          {
            id: 'TEAM',
            name: 'Teams',
            type_name: 'Custom["Team"]',
            schema: {version: 1, attributes: [{id: 'LEAD', name: 'lead', type: 'String'}]},
          },
          {
            id: 'SVC',
            name: 'Services',
            type_name: 'Custom["Service"]',
            schema: {version: 1, attributes: [{id: 'OWNER', name: 'owner', type: 'Custom["Team"]'}]},
          },
        ],
        entries: [
          {id: 'T1', catalog_type_id: 'TEAM', name: 'Payments', attribute_values: {LEAD: {value: {literal: 'ana'}}}},
          {id: 'S1', catalog_type_id: 'SVC', name: 'Ledger', attribute_values: {OWNER: {value: {literal: 'T1'}}}},
          {id: 'S2', catalog_type_id: 'SVC', name: 'Checkout', attribute_values: {OWNER: {value: {literal: 'T1'}}}},
        ],
      },
    };
    const own = await startTestEmulator(seed);
    const k = {authorization: 'Bearer k', 'content-type': 'application/json'};
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${own.url}${path}`, {method: 'POST', headers: k, body: JSON.stringify(body)});
      return {status: res.status, body: (await res.json()) as Failure & TypeAnswer};
    };
    try {
      const lead = {id: 'LEAD', name: 'lead', type: 'String', array: false};
      const backlink = {id: 'SERVICES', name: 'services', type: 'Custom["Service"]', array: true, mode: 'backlink'};
      const lost = await post('/v3/catalog_types/TEAM/actions/update_schema', {
        version: 1,
        attributes: [lead, backlink],
      });
      expect(lost.status).toBe(422);
      expect(lost.body.errors).toEqual([
        {
          code: 'is_required',
          message: 'a backlink attribute needs backlink_attribute',
          source: {field: 'attributes[1].backlink_attribute'},
        },
      ]);
      expect(
        (
          await post('/v3/catalog_types/TEAM/actions/update_schema', {
            version: 1,
            attributes: [lead, {...backlink, backlink_attribute: 'OWNER'}],
          })
        ).status,
      ).toBe(200);
      const pathless = await post('/v3/catalog_types/SVC/actions/update_schema', {
        version: 1,
        attributes: [
          {id: 'OWNER', name: 'owner', type: 'Custom["Team"]', array: false},
          {id: 'LEADOF', name: 'lead', type: 'String', array: false, mode: 'path'},
        ],
      });
      expect(pathless.status).toBe(422);
      const path = [{attribute_id: 'OWNER'}, {attribute_id: 'LEAD'}];
      const defined = await post('/v3/catalog_types/SVC/actions/update_schema', {
        version: 1,
        attributes: [
          {id: 'OWNER', name: 'owner', type: 'Custom["Team"]', array: false},
          {id: 'LEADOF', name: 'lead', type: 'String', array: false, mode: 'path', path},
        ],
      });
      expect(defined.status).toBe(200);
      expect(defined.body.catalog_type.schema.attributes[1]?.path).toEqual([
        {attribute_id: 'OWNER', attribute_name: 'owner'},
        {attribute_id: 'LEAD', attribute_name: 'lead'},
      ]);

      const team = (await (await fetch(`${own.url}/v3/catalog_entries/T1`, {headers: k})).json()) as EntryAnswer;
      expect(team.catalog_entry.attribute_values['SERVICES']?.array_value?.map((v) => [v.literal, v.label])).toEqual([
        ['S1', 'Ledger'],
        ['S2', 'Checkout'],
      ]);
      const service = (await (await fetch(`${own.url}/v3/catalog_entries/S1`, {headers: k})).json()) as EntryAnswer;
      expect(service.catalog_entry.attribute_values['LEADOF']).toEqual({value: {literal: 'ana', label: 'ana'}});
      const write = await fetch(`${own.url}/v3/catalog_entries/T1`, {
        method: 'PUT',
        headers: k,
        body: JSON.stringify({name: 'Payments', attribute_values: {SERVICES: {array_value: [{literal: 'S1'}]}}}),
      });
      expect(write.status).toBe(422);
    } finally {
      await own.close();
    }
  });
});

describe('the 50,000 entries limit', () => {
  it('refuses a create past 50,000 live entries in a type, with 422', async () => {
    const seed = demoSeed();
    seed.incident.entries = Array.from({length: 50_000}, (_, i) => ({
      catalog_type_id: DEMO_TYPE_ID,
      name: `e${i}`,
      external_id: `e${i}`,
    }));
    const full = await startTestEmulator(seed);
    try {
      const post = (name: string, externalId: string) =>
        fetch(`${full.url}/v3/catalog_entries`, {
          method: 'POST',
          headers: KEY,
          body: JSON.stringify({catalog_type_id: DEMO_TYPE_ID, name, external_id: externalId, attribute_values: {}}),
        });
      const res = await post('one more', 'x');
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain('50000 entries');
      const upsert = await post('renamed', 'e7');
      expect(upsert.status).toBe(201);
    } finally {
      await full.close();
    }
  });
});

describe('Port API', () => {
  interface Search {
    entities: SeedEntity[];
    next?: string | null;
  }

  async function token(): Promise<string> {
    const credentials = {clientId: 'demo-client-id', clientSecret: 'demo-client-secret'};
    const res = await call<{accessToken: string}>('POST', '/v1/auth/access_token', credentials, {
      'content-type': 'application/json',
    });
    expect(res.body).toMatchObject({ok: true, tokenType: 'Bearer', expiresIn: 10800});
    return res.body.accessToken;
  }

  it('issues tokens only for exactly {clientId, clientSecret} that match', async () => {
    const json = {'content-type': 'application/json'};
    const wrong = {clientId: 'demo-client-id', clientSecret: 'wrong'};
    expect((await call('POST', '/v1/auth/access_token', wrong, json)).status).toBe(401);
    const withScope = {clientId: 'demo-client-id', clientSecret: 'demo-client-secret', scope: 'x'};
    const extra = await call('POST', '/v1/auth/access_token', withScope, json);
    expect(extra.status).toBe(422);
    expect(extra.body).toMatchObject({ok: false, error: 'invalid_request'});
    expect(extra.headers.get('x-trace-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it('requires the token on every other route', async () => {
    const res = await call<Failure>(
      'POST',
      '/v1/blueprints/service/entities/search',
      {},
      {
        'content-type': 'application/json',
      },
    );
    expect(res.status).toBe(401);
    expect(res.body.ok).toBe(false);
  });

  it('pages search results with next cursors and filters with query rules', async () => {
    const auth = {authorization: `Bearer ${await token()}`, 'content-type': 'application/json'};
    const ids: string[] = [];
    let from: string | undefined;
    do {
      const page = {limit: 3, ...(from === undefined ? {} : {from})};
      const res = await call<Search>('POST', '/v1/blueprints/service/entities/search', page, auth);
      ids.push(...res.body.entities.map((e) => e.identifier));
      from = res.body.next ?? undefined;
    } while (from !== undefined);
    expect(ids).toEqual(demoSeed().port.entities.service.map((e) => e.identifier));
    const query = {
      combinator: 'and',
      rules: [
        {property: 'lifecycle', operator: '=', value: 'Production'},
        {property: '$identifier', operator: '!=', value: 'ledger'},
      ],
    };
    const filtered = await call<Search>('POST', '/v1/blueprints/service/entities/search', {query}, auth);
    expect(filtered.body.entities.map((e) => e.identifier)).toEqual([
      'payments-api',
      'checkout-web',
      'notifications',
      'design-system',
    ]);
    expect((await call('POST', '/v1/blueprints/service/entities/search', {limit: 1001}, auth)).status).toBe(422);
    expect((await call('POST', '/v1/blueprints/nope/entities/search', {}, auth)).body).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    const count = await call('GET', '/v1/blueprints/service/entities-count', undefined, auth);
    expect(count.body).toEqual({ok: true, count: ids.length});
  });

  it("answers `in` on $identifier, alone or under an and group with a nested or group (a targeted run's search)", async () => {
    const auth = {authorization: `Bearer ${await token()}`, 'content-type': 'application/json'};
    const search = async (query: unknown) =>
      (
        await call<{entities: Array<{identifier: string}>}>(
          'POST',
          '/v1/blueprints/service/entities/search',
          {query},
          auth,
        )
      ).body.entities.map((e) => e.identifier);
    const targets = {property: '$identifier', operator: 'in', value: ['ledger', 'fraud-scoring', 'gone']};
    expect(await search({combinator: 'and', rules: [targets]})).toEqual(['ledger', 'fraud-scoring']);
    const either = {
      combinator: 'or',
      rules: [
        {property: 'lifecycle', operator: '=', value: 'Production'},
        {property: 'type', operator: '=', value: 'Library'},
      ],
    };
    const both = await search({combinator: 'and', rules: [either, targets]});
    const selected = demoSeed()
      .port.entities.service.filter((e) => ['ledger', 'fraud-scoring'].includes(e.identifier))
      .filter((e) => e.properties?.['lifecycle'] === 'Production' || e.properties?.['type'] === 'Library')
      .map((e) => e.identifier);
    expect(both).toEqual(selected);
    expect(selected.length).toBeLessThan(2); // the query narrows the targets: the test can tell the two apart
    expect(await search({combinator: 'and', rules: [{property: '$identifier', operator: 'in', value: []}]})).toEqual(
      [],
    );
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const auth = {authorization: `Bearer ${await token()}`, 'content-type': 'application/json'};
    const huge = {query: {combinator: 'and', rules: [{property: 'x', operator: '=', value: 'y'.repeat(1_100_000)}]}};
    const res = await call('POST', '/v1/blueprints/service/entities/search', huge, auth);
    expect(res.status).toBe(413);
  });
});
