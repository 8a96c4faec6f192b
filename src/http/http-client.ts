// The one place that builds got instances: timeouts, keep-alive, the shared rate limiter, retries
// decided by retry-rule.ts, a redacted --verbose trace, and failures turned into ApiError with the
// API's messages and request ID. Headers are never logged; every text passes the redactor.
import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import got, {HTTPError, RequestError, type Got, type Method, type PlainResponse, type Request} from 'got';
import {ApiError, ReadOnlyError} from '../core/errors.js';
import type {RateLimiter} from './rate-limiter.js';
import {Redactor} from './redactor.js';
import {jsonPieces} from './json-pieces.js';
import {DEFAULT_RETRY_POLICY, RETRYABLE_NETWORK_ERRORS, retryDelay, type RetryPolicy} from './retry-rule.js';
import {USER_AGENT} from './package-info.js';

export interface ErrorDetails {
  readonly messages: string[];
  readonly requestId: string | undefined;
  /** The request fields the errors name, when the API says. */
  readonly fields?: readonly string[];
}

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** What the app decides about HTTP for one API: limits, pacing, redaction, tracing. */
export interface HttpSettings {
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly limiter?: RateLimiter;
  readonly redactor?: Redactor;
  /** Receives one line per request, response and retry (for --verbose). */
  readonly trace?: (line: string) => void;
  readonly random?: () => number;
  /** Refuse every request but GET, before it is sent (plan and validate must not write). */
  readonly readOnly?: boolean;
}

export interface HttpClientOptions extends HttpSettings {
  /** Name shown in errors: "Port" or "incident.io". */
  readonly api: string;
  readonly baseUrl: string;
  /** Reads an API's error body; `body` is the raw text, which may not be JSON. */
  readonly describeError: (body: string, headers: Headers) => ErrorDetails;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly searchParams?: Readonly<Record<string, string | number>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpClient {
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
}

const agents = {
  http: new HttpAgent({keepAlive: true, maxSockets: 64}),
  https: new HttpsAgent({keepAlive: true, maxSockets: 64}),
};

// Every method may be retried: reads are safe, and each write this tool sends is idempotent
// (creates upsert by external ID, updates set values, deletes of a gone entry count as done).
const ALL_METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
const RETRY_STATUSES = [429, 500, 502, 503, 504, 520, 521, 522, 524];

function header(headers: Headers | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const redactor = options.redactor ?? new Redactor();
  const random = options.random ?? Math.random;
  const trace = (line: string): void => options.trace?.(redactor.redact(`[${options.api}] ${line}`));

  const instance: Got = got.extend({
    prefixUrl: options.baseUrl,
    agent: agents,
    timeout: {request: options.timeoutMs ?? 30_000},
    headers: {'user-agent': USER_AGENT, accept: 'application/json'},
    retry: {
      limit: policy.maxRetries,
      methods: ALL_METHODS,
      statusCodes: RETRY_STATUSES,
      errorCodes: [...RETRYABLE_NETWORK_ERRORS],
      calculateDelay: ({attemptCount, error}) => {
        // A status only when the API answered with an error. A connection that died or timed out after a
        // 2xx status line and part of the body is a network failure: retried like one (with the status
        // passed, the rule saw "200" and never retried it).
        const status = error instanceof HTTPError ? error.response.statusCode : undefined;
        const nowMs = Date.now();
        const retryAfter = header(error.response?.headers, 'retry-after');
        const reset = header(error.response?.headers, 'x-ratelimit-reset');
        const delay = retryDelay(
          {
            retry: attemptCount,
            nowMs,
            random: random(),
            ...(status === undefined ? {} : {status}),
            ...(error.code === undefined ? {} : {errorCode: error.code}),
            ...(retryAfter === undefined ? {} : {retryAfter}),
            ...(reset === undefined ? {} : {rateLimitReset: reset}),
          },
          policy,
        );
        // Every failed response passes here (retried or not): its line, then the retry's.
        if (error.response !== undefined) traceResponse(error.response);
        if (delay === undefined) return 0;
        if (status === 429) options.limiter?.pauseUntil(nowMs + delay);
        trace(
          `retry ${attemptCount}/${policy.maxRetries} of ${error.options.method} ${new URL(String(error.options.url)).pathname} in ${delay} ms after ${status ?? error.code}`,
        );
        return Math.max(1, delay);
      },
    },
    hooks: {
      beforeRequest: [
        async (request) => {
          await options.limiter?.take();
          trace(`→ ${request.method} ${String(request.url)}`);
        },
      ],
    },
  });

  function traceResponse(response: PlainResponse): void {
    const id = header(response.headers, 'x-trace-id') ?? header(response.headers, 'x-request-id');
    const took = `(${Math.round(response.timings.phases.total ?? 0)} ms)`;
    const {method} = response.request.options;
    const named = id === undefined ? '' : ` id ${id}`;
    trace(`← ${response.statusCode} ${method} ${new URL(response.url).pathname} ${took}${named}`);
  }

  /**
   * Sends a request and parses its JSON body as the bytes arrive (json-pieces.ts): the body is never
   * held whole. got retries as configured above (a retry is a new stream, parsed afresh); a body
   * that is not JSON is an ApiError; an empty one is undefined.
   */
  function send(method: Method, path: string, request: RequestOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const attempt = (stream: Request): void => {
        // A got stream sends what is written to it: a DELETE or PUT without a body is ended here.
        if (request.json === undefined && method !== 'GET' && method !== 'HEAD') stream.end();
        const parser = jsonPieces();
        let received = 0;
        let settled = false;
        const fail = (error: Error): void => {
          if (settled) return;
          settled = true;
          stream.destroy();
          reject(error);
        };
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          try {
            parser.feed(chunk);
          } catch {
            if (stream.response !== undefined) traceResponse(stream.response);
            fail(notJson(options, method, path, stream.response));
          }
        });
        stream.once('retry', (_count: number, _error: unknown, again: () => Request) => {
          settled = true;
          attempt(again());
        });
        // `on`, not `once`: a second 'error' without a listener would throw out of the process.
        stream.on('error', fail);
        stream.once('end', () => {
          if (settled) return;
          settled = true;
          const {response} = stream;
          if (response !== undefined) traceResponse(response);
          try {
            resolve(received === 0 || response?.statusCode === 204 ? undefined : parser.end());
          } catch {
            reject(notJson(options, method, path, response));
          }
        });
      };
      attempt(
        instance.stream(path.replace(/^\//, ''), {
          method,
          ...(request.json === undefined ? {} : {json: request.json}),
          ...(request.searchParams === undefined ? {} : {searchParams: {...request.searchParams}}),
          ...(request.headers === undefined ? {} : {headers: {...request.headers}}),
        }),
      );
    });
  }

  return {
    async request<T>(method: Method, path: string, request: RequestOptions = {}): Promise<T> {
      if (options.readOnly === true && method !== 'GET')
        throw new ReadOnlyError(
          `${options.api}: refused to send ${method} ${path}: this client is read-only (plan and validate never write)`,
        );
      try {
        return (await send(method, path, request)) as T;
      } catch (error) {
        throw toApiError(options, redactor, method, path, error);
      }
    },
  };
}

/** A 2xx answer whose body is not JSON, with the request ID its headers carry (Port's x-trace-id, incident.io's). */
function notJson(options: HttpClientOptions, method: string, path: string, response?: PlainResponse): ApiError {
  const requestId = response === undefined ? undefined : options.describeError('', response.headers).requestId;
  return new ApiError(options.api, method, path, response?.statusCode, ['the response body is not JSON'], requestId);
}

function toApiError(
  options: HttpClientOptions,
  redactor: Redactor,
  method: string,
  path: string,
  error: unknown,
): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPError) {
    const {statusCode, headers} = error.response;
    const body: unknown = error.response.body;
    const details = options.describeError(typeof body === 'string' ? body : String(body), headers);
    const messages = details.messages.map((m) => redactor.redact(m));
    return new ApiError(
      options.api,
      method,
      path,
      statusCode,
      messages,
      details.requestId,
      undefined,
      details.fields ?? [],
    );
  }
  if (error instanceof RequestError) {
    const retries = error.request?.retryCount ?? 0;
    const after = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    return new ApiError(
      options.api,
      method,
      path,
      undefined,
      [`${error.code}: no answer from ${options.baseUrl}${after}`],
      undefined,
    );
  }
  return error;
}
