// Starts the emulator: one HTTP server on 127.0.0.1 serving Port (/v1), incident.io (/v2, /v3)
// and the control API (/_emulator), each request logged. Imports nothing outside emulator/.
import {randomUUID} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {controlRoutes, type LoggedRequest, type RequestStats} from './control-routes.js';
import {BodyError, readBody, Router, sendJson} from './http-kit.js';
import {IncidentStore} from './incident-store.js';
import {incidentError} from './incident-replies.js';
import {incidentRoutes} from './incident-routes.js';
import {portRoutes, TOKEN_LIFETIME_SECONDS} from './port-routes.js';
import {stateFromSeed, type PortState} from './state.js';
import {injectFault, rateLimited} from './fault-replies.js';
import {FaultInjector, NO_FAULTS, type FaultSettings} from './faults.js';

export interface EmulatorOptions {
  readonly port?: number;
  readonly host?: string;
  /** Latency, injected faults and the per-key rate limit; changeable later under /_emulator/faults. */
  readonly faults?: Partial<FaultSettings>;
  /** The parsed seed file (see examples/emulator-data.json). */
  readonly seed?: unknown;
}

export interface RunningEmulator {
  readonly url: string;
  readonly portApiUrl: string;
  readonly incidentApiUrl: string;
  readonly requests: readonly LoggedRequest[];
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024; // Port refuses bodies over 1 MiB with a 413

function apiOf(path: string): 'port' | 'incident' | 'control' | undefined {
  if (path.startsWith('/v1/')) return 'port';
  if (path.startsWith('/v2/') || path.startsWith('/v3/')) return 'incident';
  if (path.startsWith('/_emulator/')) return 'control';
  return undefined;
}

function replyError(res: ServerResponse, api: string | undefined, status: number, message: string): void {
  if (api === 'incident') incidentError(res, status, [{code: status === 404 ? 'not_found' : 'bad_request', message}]);
  else if (api === 'port')
    sendJson(res, status, {ok: false, error: status === 404 ? 'not_found' : 'invalid_request', message});
  else sendJson(res, status, {error: message});
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  let port: PortState;
  let incident: IncidentStore;
  const tokens = new Map<string, number>();
  const tokenSettings = {lifetimeSeconds: TOKEN_LIFETIME_SECONDS};
  const requests: LoggedRequest[] = [];
  const stats: RequestStats = {writesInFlight: 0, maxWritesInFlight: 0};
  const reset = (seed: unknown): void => {
    const state = stateFromSeed(seed);
    port = state.port;
    incident = new IncidentStore(state.incident);
    tokens.clear();
  };
  reset(options.seed);

  const faults = new FaultInjector({...NO_FAULTS, ...options.faults});
  const router = new Router();
  portRoutes(router, {state: () => port, tokens, tokenSettings, clock: () => Date.now()});
  incidentRoutes(router, () => incident);
  controlRoutes(router, {
    port: () => port,
    tokens,
    tokenSettings,
    incident: () => incident,
    requests,
    stats,
    reset,
    faults,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const api = apiOf(url.pathname);
    if (api === 'port') res.setHeader('x-trace-id', randomUUID());
    let fault: string | undefined;
    const at = Date.now();
    if (api === 'port' || api === 'incident') {
      const query = url.search === '' ? {} : {query: url.search.slice(1)};
      const agent = req.headers['user-agent'];
      const write = api === 'incident' && method !== 'GET';
      if (write) stats.maxWritesInFlight = Math.max(stats.maxWritesInFlight, (stats.writesInFlight += 1));
      res.on('close', () => {
        if (write) stats.writesInFlight -= 1;
        requests.push({
          api,
          method,
          path: url.pathname,
          ...query,
          status: res.writableFinished ? res.statusCode : 0,
          at,
          ...(fault === undefined ? {} : {fault}),
          ...(agent === undefined ? {} : {userAgent: agent}),
        });
      });
      if (faults.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.settings.latencyMs));
      if (api === 'incident') {
        const admitted = faults.admit(req.headers.authorization ?? 'anonymous', Date.now());
        if (!admitted.ok) {
          fault = 'rate-limited';
          return rateLimited(res, faults.settings.rateLimitPerMinute, admitted.retryAt);
        }
      }
      const kind = faults.nextFault(method, url.pathname);
      if (kind !== undefined) {
        fault = kind;
        if (injectFault(req, res, api, kind, faults.settings.retryAfterSeconds)) return;
      }
    }
    const found = router.match(method, url.pathname);
    if (found === undefined) return replyError(res, api, 404, `no route for ${method} ${url.pathname}`);
    if (found === 'method') return replyError(res, api, 405, `${method} is not allowed on ${url.pathname}`);
    try {
      await found.handler({
        req,
        res,
        method,
        path: url.pathname,
        query: url.searchParams,
        params: found.params,
        body: readBody(req, BODY_LIMIT),
      });
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof BodyError) return replyError(res, api, error.status, error.message);
      replyError(res, api, 500, `emulator error: ${(error as Error).message}`);
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    portApiUrl: url,
    incidentApiUrl: url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
