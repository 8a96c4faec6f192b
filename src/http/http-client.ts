// The one place that builds got instances: timeouts, keep-alive, retries of idempotent requests,
// and failures turned into ApiError with the API's messages and request ID. Never logs headers.
import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import got, {HTTPError, RequestError, type Got, type Method} from 'got';
import {ApiError} from '../core/errors.js';

export interface ErrorDetails {
  readonly messages: string[];
  readonly requestId: string | undefined;
}

export interface HttpClientOptions {
  /** Name shown in errors: "Port" or "incident.io". */
  readonly api: string;
  readonly baseUrl: string;
  /** Reads an API's error body; `body` is the raw text, which may not be JSON. */
  readonly describeError: (body: string, headers: Readonly<Record<string, string | string[] | undefined>>) => ErrorDetails;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly searchParams?: Readonly<Record<string, string | number>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Allow retries of this request even when its method is POST (read-only searches). */
  readonly idempotent?: boolean;
}

export interface HttpClient {
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
}

const agents = {http: new HttpAgent({keepAlive: true}), https: new HttpsAgent({keepAlive: true})};

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const instance: Got = got.extend({
    prefixUrl: options.baseUrl,
    agent: agents,
    timeout: {request: options.timeoutMs ?? 30_000},
    retry: {limit: options.retries ?? 2},
    headers: {'user-agent': 'reconcile', accept: 'application/json'},
  });

  return {
    async request<T>(method: Method, path: string, request: RequestOptions = {}): Promise<T> {
      const retryMethods: Method[] = ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'];
      if (request.idempotent === true) retryMethods.push(method);
      try {
        const response = await instance(path.replace(/^\//, ''), {
          method,
          ...(request.json === undefined ? {} : {json: request.json}),
          ...(request.searchParams === undefined ? {} : {searchParams: {...request.searchParams}}),
          ...(request.headers === undefined ? {} : {headers: {...request.headers}}),
          retry: {limit: options.retries ?? 2, methods: retryMethods},
        });
        if (response.body === '' || response.statusCode === 204) return undefined as T;
        try {
          return JSON.parse(response.body) as T;
        } catch {
          throw new ApiError(options.api, method, path, response.statusCode, ['the response body is not JSON'], undefined);
        }
      } catch (error) {
        throw toApiError(options, method, path, error);
      }
    },
  };
}

function toApiError(options: HttpClientOptions, method: string, path: string, error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPError) {
    const {statusCode, headers, body} = error.response;
    const details = options.describeError(typeof body === 'string' ? body : String(body), headers);
    return new ApiError(options.api, method, path, statusCode, details.messages, details.requestId);
  }
  if (error instanceof RequestError) {
    return new ApiError(options.api, method, path, undefined, [`${error.code}: cannot reach ${options.baseUrl}`], undefined);
  }
  return error;
}
