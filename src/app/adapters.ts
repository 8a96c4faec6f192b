// The only place that picks concrete adapters: Port over HTTP as the source, incident.io over
// HTTP as the target, at the config's base URLs, with one redactor for every secret, one rate
// limiter per incident.io key (reads and writes share it), and the --verbose trace.
import type {HttpConfig, SyncConfig} from '../config/types.js';
import type {CatalogTarget, EntitySource} from '../core/ports.js';
import type {HttpSettings} from '../http/http-client.js';
import {RateLimiter} from '../http/rate-limiter.js';
import {Redactor} from '../http/redactor.js';
import {PortClient} from '../sources/port/port-client.js';
import {PortEntitySource} from '../sources/port/port-source.js';
import {IncidentCatalogTarget} from '../targets/incident/incident-target.js';
import type {HttpOverrides} from './io.js';

export interface Adapters {
  readonly source: EntitySource;
  readonly target: CatalogTarget;
  readonly redactor: Redactor;
  readonly http: HttpConfig;
}

export function effectiveHttp(config: SyncConfig, overrides: HttpOverrides): HttpConfig {
  return {
    ...config.http,
    ...(overrides.rateLimit === undefined ? {} : {requestsPerMinute: overrides.rateLimit}),
    ...(overrides.parallelism === undefined ? {} : {parallelism: overrides.parallelism}),
  };
}

/** `readOnly`: the incident.io client refuses every request but GET (plan and validate). */
export function createAdapters(
  config: SyncConfig,
  overrides: HttpOverrides = {},
  trace?: (line: string) => void,
  readOnly = false,
): Adapters {
  const http = effectiveHttp(config, overrides);
  const redactor = new Redactor([config.port.clientSecret, config.incident.apiKey]);
  const common: HttpSettings = {
    timeoutMs: http.timeoutMs,
    redactor,
    retry: {maxRetries: http.maxRetries, baseDelayMs: http.backoffBaseMs, maxDelayMs: http.backoffMaxMs},
    ...(overrides.verbose === true && trace !== undefined ? {trace} : {}),
  };
  return {
    source: new PortEntitySource(new PortClient(config.port, common)),
    target: new IncidentCatalogTarget(config.incident, {
      ...common,
      readOnly,
      limiter: new RateLimiter(http.requestsPerMinute),
    }),
    redactor,
    http,
  };
}
