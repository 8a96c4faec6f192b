// Latency, injected faults and a per-key rate limit, so clients can be tested against an API that
// misbehaves the way real ones do. Every decision comes from a seeded generator: the same seed and
// the same order of requests give the same faults.

export type FaultKind = '429' | '500' | '502' | '503' | 'drop' | 'drop-after' | 'cut';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', 'drop', 'drop-after', 'cut'];

/**
 * A targeted fault: the next `count` API requests with this method whose path matches (exactly,
 * or by prefix when `path` ends in `*`) get `kind`, before any random fault is drawn. Tests use it
 * to fail one write precisely, e.g. drop the answer to the first POST /v3/catalog_types.
 */
export interface FaultRule {
  method?: string;
  path?: string;
  kind: FaultKind;
  count: number;
}

export interface FaultSettings {
  /** Added before every API request is handled. */
  latencyMs: number;
  /** Share of API requests that get a fault, 0 to 1. */
  rate: number;
  kinds: FaultKind[];
  /** Retry-After of an injected 429, in seconds (sent as an HTTP date). */
  retryAfterSeconds: number;
  /** incident.io requests per minute per API key over a sliding window; 0 = no limit. */
  rateLimitPerMinute: number;
  /** The sliding window the limit counts over; a minute, shorter in tests. */
  rateLimitWindowMs: number;
  seed: number;
  /** Targeted faults, consumed in order; each stops matching once its count is used up. */
  rules: FaultRule[];
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  rate: 0,
  kinds: [...FAULT_KINDS],
  retryAfterSeconds: 1,
  rateLimitPerMinute: 0,
  rateLimitWindowMs: 60_000,
  seed: 1,
  rules: [],
};

function parseRules(raw: unknown): FaultRule[] | string {
  const problem = 'rules must be a list of {method?, path?, kind, count}';
  if (!Array.isArray(raw)) return problem;
  const rules: FaultRule[] = [];
  for (const r of raw as unknown[]) {
    if (typeof r !== 'object' || r === null) return problem;
    const {method, path, kind, count} = r as Record<string, unknown>;
    if (method !== undefined && typeof method !== 'string') return problem;
    if (path !== undefined && typeof path !== 'string') return problem;
    if (!FAULT_KINDS.includes(kind as FaultKind)) return `rule kind must be one of ${FAULT_KINDS.join(', ')}`;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'rule count must be 1 or more';
    const where = {
      ...(method === undefined ? {} : {method: method.toUpperCase()}),
      ...(path === undefined ? {} : {path}),
    };
    rules.push({...where, kind: kind as FaultKind, count});
  }
  return rules;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

/** mulberry32: a small, good-enough seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function parseFaultSettings(raw: Record<string, unknown>, base: FaultSettings): FaultSettings | string {
  const next: FaultSettings = {...base, kinds: [...base.kinds], rules: base.rules.map((r) => ({...r}))};
  const number = (key: keyof FaultSettings, min: number, max: number): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      return `${key} must be a number from ${min} to ${max}`;
    (next as unknown as Record<string, number>)[key] = value;
    return undefined;
  };
  const problem =
    number('latencyMs', 0, 60_000) ??
    number('rate', 0, 1) ??
    number('retryAfterSeconds', 0, 3600) ??
    number('rateLimitPerMinute', 0, 1_000_000) ??
    number('rateLimitWindowMs', 1, 3_600_000) ??
    number('seed', 0, 2 ** 32);
  if (problem !== undefined) return problem;
  if (raw['rules'] !== undefined) {
    const rules = parseRules(raw['rules']);
    if (typeof rules === 'string') return rules;
    next.rules = rules;
  }
  if (raw['kinds'] !== undefined) {
    const kinds = raw['kinds'];
    if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => FAULT_KINDS.includes(k as FaultKind)))
      return `kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}`;
    next.kinds = kinds as FaultKind[];
  }
  return next;
}

/** Decides, per request, whether to inject a fault; and keeps each key's sliding window. */
export class FaultInjector {
  private random: () => number;
  private readonly windows = new Map<string, number[]>();

  constructor(public settings: FaultSettings) {
    this.random = seededRandom(settings.seed);
  }

  configure(settings: FaultSettings): void {
    this.settings = settings;
    this.random = seededRandom(settings.seed);
    this.windows.clear();
  }

  /** The injected fault for this request, if any: a matching rule's first, else a random draw. */
  nextFault(method: string, path: string): FaultKind | undefined {
    const rule = this.settings.rules.find((r) => r.count > 0 && matches(r, method, path));
    if (rule !== undefined) {
      rule.count -= 1;
      return rule.kind;
    }
    if (this.settings.rate <= 0) return undefined;
    if (this.random() >= this.settings.rate) return undefined;
    const kinds = this.settings.kinds;
    return kinds[Math.floor(this.random() * kinds.length)] ?? kinds[0];
  }

  /** Admits a request of `key` at `now` (it then counts), or says when the window frees a slot (epoch ms). */
  admit(key: string, now: number): {ok: true} | {ok: false; retryAt: number} {
    const limit = this.settings.rateLimitPerMinute;
    if (limit <= 0) return {ok: true};
    let window = this.windows.get(key);
    if (window === undefined) this.windows.set(key, (window = []));
    const span = this.settings.rateLimitWindowMs;
    while (window.length > 0 && window[0]! <= now - span) window.shift();
    if (window.length >= limit) return {ok: false, retryAt: window[0]! + span};
    window.push(now);
    return {ok: true};
  }
}
