// The one rule that decides whether a failed request is retried and after how long. Pure: the
// caller passes the clock and the random draw, so every branch is testable.
//   429 → wait what Retry-After says (seconds or an HTTP date), even past the request timeout;
//   5xx and network errors → exponential backoff with jitter; any other 4xx → never.

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000};

export interface FailedAttempt {
  /** 1 for the first retry, 2 for the second, … */
  readonly retry: number;
  readonly status?: number;
  /** Node's error code for network failures (ECONNRESET, ETIMEDOUT, …). */
  readonly errorCode?: string;
  readonly retryAfter?: string;
  /** Port's x-ratelimit-reset: an epoch time in seconds, or seconds to wait in some clients. */
  readonly rateLimitReset?: string;
  readonly nowMs: number;
  /** A draw from [0, 1) for jitter. */
  readonly random: number;
}

/** Network failures after which the request may be sent again. */
export const RETRYABLE_NETWORK_ERRORS: readonly string[] = [
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
];

const LONGEST_RETRY_AFTER_MS = 15 * 60_000;

/** Retry-After as milliseconds to wait: delta-seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, LONGEST_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), LONGEST_RETRY_AFTER_MS);
}

export function backoffMs(retry: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random); // "equal jitter": never zero, never in lockstep
}

/** Values over 10,000 are epoch seconds; smaller ones are seconds to wait (as the contract says). */
export function parseRateLimitReset(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const n = Number(value);
  const wait = n > 10_000 ? n * 1000 - nowMs : n * 1000;
  return Math.min(Math.max(0, wait), LONGEST_RETRY_AFTER_MS);
}

/** Milliseconds to wait before retrying, or undefined when the request must not be retried. */
export function retryDelay(attempt: FailedAttempt, policy: RetryPolicy): number | undefined {
  if (attempt.retry > policy.maxRetries) return undefined;
  if (attempt.status === 429) {
    return (
      parseRetryAfter(attempt.retryAfter, attempt.nowMs) ??
      parseRateLimitReset(attempt.rateLimitReset, attempt.nowMs) ??
      backoffMs(attempt.retry, policy, attempt.random)
    );
  }
  if (attempt.status !== undefined)
    return attempt.status >= 500 ? backoffMs(attempt.retry, policy, attempt.random) : undefined;
  if (attempt.errorCode !== undefined && RETRYABLE_NETWORK_ERRORS.includes(attempt.errorCode))
    return backoffMs(attempt.retry, policy, attempt.random);
  return undefined;
}
