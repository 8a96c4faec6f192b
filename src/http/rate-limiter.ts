// Keeps requests under a budget per window (incident.io: 1,200 a minute per key), shared by
// every request of one key: reads and writes, first tries and retries. A sliding window over the
// start times of granted requests: bursts up to the budget go at once, then each request waits
// for the one `budget` places before it to leave the window. A 429's Retry-After pauses everyone.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The window is widened so clock skew and network jitter never push it over: by 2%, and by at
 * least 250 ms, because the delay between our send and the server's count is absolute, not a
 * share of the window (for incident.io's minute the 2% rules: 1.2 s).
 */
const HEADROOM = 0.02;
const MIN_HEADROOM_MS = 250;

export class RateLimiter {
  private readonly window: number;
  /** Start times of the last `budget` granted requests, oldest first (a ring). */
  private readonly starts: number[] = [];
  private oldest = 0;
  private pausedUntil = 0;
  private lastSlot = 0;

  /** `budget` 0 or less turns pacing off. */
  constructor(
    readonly budget: number,
    windowMs = 60_000,
    private readonly clock: Clock = systemClock,
  ) {
    this.window = windowMs + Math.max(windowMs * HEADROOM, MIN_HEADROOM_MS);
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const now = this.clock.now();
    let slot = Math.max(now, this.pausedUntil, this.lastSlot);
    if (this.budget > 0) {
      if (this.starts.length < this.budget) this.starts.push(0);
      else slot = Math.max(slot, this.starts[this.oldest]! + this.window);
      this.starts[this.oldest] = slot;
      this.oldest = (this.oldest + 1) % this.budget;
    }
    this.lastSlot = slot;
    if (slot > now) await this.clock.sleep(slot - now);
  }

  /** No request starts before `untilMs` (after a 429 with Retry-After). */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }
}
