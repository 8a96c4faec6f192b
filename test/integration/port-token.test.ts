// The Port access token: its expiry from the JWT's exp claim, and one refresh shared by every
// request that finds it expired or refused.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {PortClient} from '../../src/sources/port/port-client.js';
import {startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

let emulator: EmulatorHandle;
let now: number;

function client(): PortClient {
  return new PortClient(
    {baseUrl: emulator.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret'},
    {},
    () => now,
  );
}

async function tokenRequests(): Promise<number> {
  return (await emulator.requests()).filter((r) => r.path === '/v1/auth/access_token').length;
}

beforeEach(async () => {
  emulator = await startTestEmulator();
  now = Date.now();
});
afterEach(() => emulator.close());

describe('the Port access token', () => {
  it('is a JWT whose exp claim the emulator honours', async () => {
    await emulator.control('PUT', '/port/tokens', {lifetimeSeconds: 600});
    const response = await fetch(`${emulator.url}/v1/auth/access_token`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}),
    });
    const body = (await response.json()) as {accessToken: string; expiresIn: number};
    const claims = JSON.parse(Buffer.from(body.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as {
      exp: number;
    };
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(claims.exp * 1000 - Date.now()).toBeLessThanOrEqual(600_000);
    expect(body.expiresIn).toBe(10_800); // the nominal lifetime: this token expires early, as Port's have been seen to
  });

  it('expires when its exp claim says, even when expiresIn says later', async () => {
    await emulator.control('PUT', '/port/tokens', {lifetimeSeconds: 600});
    const port = client();
    await port.getBlueprint('service');
    now += 301_000; // past half of a 10-minute token: replaced before use
    await port.getBlueprint('service');
    expect(await tokenRequests()).toBe(2);
  });

  it('is refreshed once for many concurrent requests after it expired', async () => {
    const port = client();
    await port.getBlueprint('service');
    now += 3 * 3600_000;
    await Promise.all(Array.from({length: 20}, () => port.searchEntities('service')));
    expect(await tokenRequests()).toBe(2);
  });

  it('is refreshed once for many concurrent requests it was refused on', async () => {
    const port = client();
    await port.getBlueprint('service');
    await emulator.control('DELETE', '/port/tokens');
    const results = await Promise.all(Array.from({length: 20}, () => port.searchEntities('service')));
    expect(results.every((r) => r.length === 8)).toBe(true);
    expect(await tokenRequests()).toBe(2);
  });
});
