// The HTTP layer against an emulator that drops, refuses and rate-limits: retries, pacing, errors.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ApiError} from '../../src/core/errors.js';
import {RateLimiter} from '../../src/http/rate-limiter.js';
import {PortClient} from '../../src/sources/port/port-client.js';
import {IncidentCatalogTarget} from '../../src/targets/incident/incident-target.js';
import {DEMO_TYPE_ID, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

let emulator: EmulatorHandle;
const FAST_RETRIES = {maxRetries: 10, baseDelayMs: 5, maxDelayMs: 50};

function target(limiter?: RateLimiter, retry = FAST_RETRIES) {
  return new IncidentCatalogTarget(
    {baseUrl: emulator.url, apiKey: 'demo-incident-api-key'},
    {retry, ...(limiter === undefined ? {} : {limiter})},
  );
}

beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => emulator.close());

describe('lost responses', () => {
  it('a create whose response was lost is sent again and upserts: no duplicate', async () => {
    await emulator.control('PUT', '/faults', {rate: 0.5, kinds: ['drop-after'], seed: 3});
    const client = target();
    for (let i = 0; i < 20; i += 1) {
      await client.createEntry(DEMO_TYPE_ID, {
        externalId: `lost-${i}`,
        name: `Lost ${i}`,
        aliases: [],
        rank: 0,
        attributes: {},
        ownedAttributeIds: [],
      });
    }
    const log = await emulator.requests();
    const lost = log.filter((r) => r.method === 'POST' && r.fault === 'drop-after');
    expect(lost.length).toBeGreaterThan(3);
    expect(lost.every((r) => r.status === 0)).toBe(true);
    await emulator.control('PUT', '/faults', {rate: 0});
    const entries = (await emulator.entries()).filter((e) => e.external_id?.startsWith('lost-'));
    expect(entries).toHaveLength(20);
    expect(new Set(entries.map((e) => e.external_id)).size).toBe(20);
  });
});

describe('the rate limit', () => {
  it('paced under the limit, a burst meets no 429', async () => {
    await emulator.control('PUT', '/faults', {rateLimitPerMinute: 10, rateLimitWindowMs: 1000});
    const client = target(new RateLimiter(10, 1000)); // the emulator's budget and window
    const started = Date.now();
    await Promise.all(Array.from({length: 30}, () => client.findType(DEMO_TYPE_ID)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // 10 at once, 10 a second later, 10 more
    const log = await emulator.requests();
    expect(log).toHaveLength(30);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
  });

  it('unpaced, 429s are waited out as Retry-After says and every request succeeds', async () => {
    await emulator.control('PUT', '/faults', {rateLimitPerMinute: 10, rateLimitWindowMs: 1000});
    const client = target(undefined, {maxRetries: 10, baseDelayMs: 5000, maxDelayMs: 5000});
    const results = await Promise.all(Array.from({length: 20}, () => client.findType(DEMO_TYPE_ID)));
    expect(results).toHaveLength(20);
    const log = await emulator.requests();
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(log.filter((r) => r.status === 200)).toHaveLength(20);
  });
});

describe('Retry-After', () => {
  it('a 429 is retried no sooner than its Retry-After says', async () => {
    // Seed 7 at rate 0.5 faults the first request only: one 429 saying "retry after 1 second"
    // (an HTTP date, rounded up to the whole second), then the retry goes through.
    await emulator.control('PUT', '/faults', {rate: 0.5, kinds: ['429'], retryAfterSeconds: 1, seed: 7});
    const started = Date.now();
    await target(undefined, {maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1}).findType(DEMO_TYPE_ID);
    const elapsed = Date.now() - started;
    const [refused, retried] = await emulator.requests();
    expect(refused?.status).toBe(429);
    expect(retried?.status).toBe(200);
    // Lower bounds only: a slow machine waits longer, never shorter. Backoff alone would wait ~1 ms.
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });
});

describe('server errors', () => {
  it('gives up after the retries with the status, and copes with a body that is not JSON', async () => {
    await emulator.control('PUT', '/faults', {rate: 1, kinds: ['502']});
    const error = (await target(undefined, {maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1})
      .findType(DEMO_TYPE_ID)
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(
      'incident.io: GET /v3/catalog_types failed: HTTP 502\n  (not JSON) <html><body><h1>502 Bad Gateway</h1></body></html>',
    );
    expect(await emulator.requests()).toHaveLength(3);
  });

  it('a 200 whose body is not JSON (a web page at the API URL) names its request ID, and is not retried', async () => {
    // Not the emulator: a web server that answers every path with a page, as a base URL set to a site would.
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, {'content-type': 'text/html', 'x-request-id': 'req-html-200', 'x-trace-id': 'trace-html-200'});
      res.end(`<html><body>${'Sign in. '.repeat(5000)}</body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port: serverPort} = server.address() as AddressInfo;
    try {
      const client = new IncidentCatalogTarget(
        {baseUrl: `http://127.0.0.1:${serverPort}`, apiKey: 'demo-incident-api-key'},
        {retry: FAST_RETRIES},
      );
      const error = (await client.findType(DEMO_TYPE_ID).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.message).toBe(
        'incident.io: GET /v3/catalog_types failed: HTTP 200\n  the response body is not JSON\n  request ID: req-html-200',
      );
      expect(requests).toEqual(['GET /v3/catalog_types']);

      const port = new PortClient({baseUrl: `http://127.0.0.1:${serverPort}`, clientId: 'id', clientSecret: 'secret'});
      const portError = (await port.getBlueprint('service').catch((e: unknown) => e)) as ApiError;
      expect(portError.message).toBe(
        'Port: POST /v1/auth/access_token failed: HTTP 200\n  the response body is not JSON\n  request ID: trace-html-200',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never retries a 4xx other than 429', async () => {
    const error = (await target()
      .updateEntry('missing', {externalId: 'x', name: 'x', aliases: [], rank: 0, attributes: {}, ownedAttributeIds: []})
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(404);
    expect(await emulator.requests()).toHaveLength(1);
  });

  it('retries dropped connections', async () => {
    await emulator.control('PUT', '/faults', {rate: 0.5, kinds: ['drop'], seed: 11});
    for (let i = 0; i < 10; i += 1) expect(await target().listEntries(DEMO_TYPE_ID)).toHaveLength(1);
    expect((await emulator.requests()).some((r) => r.fault === 'drop')).toBe(true);
  });
});

describe('answers cut off halfway through their body', () => {
  // The status line, the headers and half of a page arrive (and are parsed as they arrive), then the
  // connection dies: the page is asked for again and counted once, never twice, never half.
  async function withPages(): Promise<void> {
    const seed = demoSeed();
    seed.port.entities.service = Array.from({length: 2_500}, (_, i) => ({identifier: `svc-${i}`, properties: {}}));
    seed.incident.entries = Array.from({length: 600}, (_, i) => ({
      catalog_type_id: DEMO_TYPE_ID,
      name: `E${i}`,
      external_id: `e${i}`,
    }));
    await emulator.close();
    emulator = await startTestEmulator(seed);
  }

  it('a catalog page cut off mid-body is read again: every entry once', async () => {
    await withPages();
    await emulator.failNext({method: 'GET', path: '/v3/catalog_entries', kind: 'cut', count: 2});
    const entries = await target().listEntries(DEMO_TYPE_ID);
    expect(entries.map((e) => e.externalId)).toEqual(Array.from({length: 600}, (_, i) => `e${i}`));
    const reads = (await emulator.requests()).filter((r) => r.path === '/v3/catalog_entries');
    expect(reads.map((r) => [r.status, r.fault])).toEqual([
      [0, 'cut'],
      [0, 'cut'],
      [200, undefined],
      [200, undefined],
      [200, undefined],
    ]);
  });

  it('a Port search page cut off mid-body is read again: every entity once', async () => {
    await withPages();
    await emulator.failNext({method: 'POST', path: '/v1/blueprints/service/entities/search', kind: 'cut'});
    const client = new PortClient(
      {baseUrl: emulator.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret'},
      {retry: FAST_RETRIES},
    );
    const entities = await client.searchEntities('service');
    expect(entities.map((e) => e['identifier'])).toEqual(Array.from({length: 2_500}, (_, i) => `svc-${i}`));
    const searches = (await emulator.requests()).filter((r) => r.path.endsWith('/entities/search'));
    expect(searches.map((r) => r.status)).toEqual([0, 200, 200, 200]);
  });

  it('a create whose answer is cut off is sent again and upserts: one entry', async () => {
    await emulator.failNext({method: 'POST', path: '/v3/catalog_entries', kind: 'cut'});
    const write = {externalId: 'cut-1', name: 'Cut 1', aliases: [], rank: 0, attributes: {}, ownedAttributeIds: []};
    const created = await target().createEntry(DEMO_TYPE_ID, write);
    expect(created.externalId).toBe('cut-1');
    expect((await emulator.entries()).filter((e) => e.external_id === 'cut-1')).toHaveLength(1);
    const posts = (await emulator.requests()).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([0, 201]);
  });

  it('gives up after the retries when every answer is cut off', async () => {
    await emulator.failNext({method: 'GET', path: '/v3/catalog_types', kind: 'cut', count: 3});
    const error = (await target(undefined, {maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1})
      .findType(DEMO_TYPE_ID)
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('after 2 retries');
    expect(await emulator.requests()).toHaveLength(3);
  });
});
