import {describe, expect, it} from 'vitest';
import {
  backoffMs,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  type FailedAttempt,
} from '../../../src/http/retry-rule.js';

const POLICY = {maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000};
const NOW = Date.parse('2026-11-24T10:00:00Z');
const attempt = (over: Partial<FailedAttempt>): FailedAttempt => ({retry: 1, nowMs: NOW, random: 0.5, ...over});

describe('retryDelay', () => {
  it('waits what Retry-After says on a 429, in seconds or as an HTTP date', () => {
    expect(retryDelay(attempt({status: 429, retryAfter: '7'}), POLICY)).toBe(7000);
    expect(retryDelay(attempt({status: 429, retryAfter: 'Tue, 24 Nov 2026 10:00:42 GMT'}), POLICY)).toBe(42_000);
  });

  it('honours a Retry-After longer than any request timeout', () => {
    expect(retryDelay(attempt({status: 429, retryAfter: '120'}), POLICY)).toBe(120_000);
  });

  it('retries at once when the Retry-After date has passed', () => {
    expect(retryDelay(attempt({status: 429, retryAfter: 'Tue, 24 Nov 2026 09:59:00 GMT'}), POLICY)).toBe(0);
  });

  it("reads Port's x-ratelimit-reset as epoch seconds above 10,000 and as seconds below", () => {
    expect(retryDelay(attempt({status: 429, rateLimitReset: String(NOW / 1000 + 3)}), POLICY)).toBe(3000);
    expect(retryDelay(attempt({status: 429, rateLimitReset: '4'}), POLICY)).toBe(4000);
  });

  it('backs off exponentially with jitter on 5xx and network errors', () => {
    const delays = [1, 2, 3, 4].map((retry) => retryDelay(attempt({retry, status: 503}), POLICY));
    expect(delays).toEqual([375, 750, 1500, 3000]);
    expect(retryDelay(attempt({retry: 2, errorCode: 'ECONNRESET', random: 0}), POLICY)).toBe(500);
    expect(retryDelay(attempt({retry: 2, errorCode: 'ETIMEDOUT', random: 0.999}), POLICY)).toBe(1000);
    expect(retryDelay(attempt({status: 429}), POLICY)).toBe(375); // no header: backoff
  });

  it('never retries other 4xx, unknown errors, or past the limit', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422])
      expect(retryDelay(attempt({status}), POLICY)).toBeUndefined();
    expect(retryDelay(attempt({errorCode: 'ENOTFOUND'}), POLICY)).toBeUndefined();
    expect(retryDelay(attempt({retry: 6, status: 503}), POLICY)).toBeUndefined();
    expect(retryDelay(attempt({retry: 6, status: 429, retryAfter: '1'}), POLICY)).toBeUndefined();
  });

  it('caps the backoff', () => {
    expect(backoffMs(20, POLICY, 1)).toBe(30_000);
  });
});

describe('header parsing', () => {
  it('ignores unreadable values', () => {
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRateLimitReset('x', NOW)).toBeUndefined();
  });
});
