import {describe, expect, it} from 'vitest';
import {RateLimiter, type Clock} from '../../../src/http/rate-limiter.js';
import {Redactor} from '../../../src/http/redactor.js';

function fakeClock(): Clock & {t: number; sleeps: number[]} {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('lets a burst up to the budget through at once, then keeps every minute under it', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1200, 60_000, clock);
    const starts: number[] = [];
    for (let i = 0; i < 2500; i += 1) {
      await limiter.take();
      starts.push(clock.t);
    }
    expect(starts[1199]).toBe(0);
    for (let i = 1200; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1200]!).toBeGreaterThanOrEqual(60_000);
    // and uses at least 95% of it
    expect(2500 / (starts.at(-1)! / 60_000)).toBeGreaterThan(1200 * 0.95);
  });

  it('keeps at least 250 ms of headroom on a short window, where 2% would be lost in network jitter', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, 1000, clock);
    for (let i = 0; i < 11; i += 1) await limiter.take();
    expect(clock.t).toBe(1250);
  });

  it('pauses every caller until a Retry-After has passed', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(6000, 60_000, clock);
    await limiter.take();
    limiter.pauseUntil(5000);
    await limiter.take();
    expect(clock.t).toBe(5000);
  });

  it('does not pace when the budget is 0', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0, 60_000, clock);
    for (let i = 0; i < 100; i += 1) await limiter.take();
    expect(clock.sleeps).toEqual([]);
  });
});

describe('Redactor', () => {
  it('removes every secret and bearer token from text', () => {
    const redactor = new Redactor(['sk_live_123456']);
    redactor.add('token-abcdef');
    expect(redactor.redact('key sk_live_123456 and token-abcdef; Authorization: Bearer xyz123')).toBe(
      'key [REDACTED] and [REDACTED]; Authorization: Bearer [REDACTED]',
    );
  });
});
