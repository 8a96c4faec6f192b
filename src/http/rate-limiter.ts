// Paces requests under a per-minute budget shared by every request of one API key: reads and
// writes, first tries and retries. Evenly spaced slots, so no window of a minute ever holds more
// than the budget; a 429's Retry-After pauses every caller, not just the one that got it.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spacing is widened by this share so clock skew and network jitter never push a window over. */
const HEADROOM = 0.02;

export class RateLimiter {
  private readonly interval: number;
  private next = 0;

  /** `perMinute` 0 or less turns pacing off. */
  constructor(readonly perMinute: number, private readonly clock: Clock = systemClock) {
    this.interval = perMinute > 0 ? (60_000 / perMinute) * (1 + HEADROOM) : 0;
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.interval;
    if (slot > now) await this.clock.sleep(slot - now);
  }

  /** No request starts before `untilMs` (after a 429 with Retry-After). */
  pauseUntil(untilMs: number): void {
    this.next = Math.max(this.next, untilMs);
  }
}
