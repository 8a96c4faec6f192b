// The emulator's control API under /_emulator: read and replace state, change Port entities, seed
// entries, set faults, read the log of API requests and the most writes in flight (tests count them).
import {isRecord, sendJson, type Context, type Router} from './http-kit.js';
import type {IncidentStore} from './incident-store.js';
import {entryOut} from './incident-replies.js';
import {derivedValues} from './incident-derived.js';
import {portEntity, type PortState} from './state.js';
import {parseFaultSettings, type FaultInjector} from './faults.js';
import type {TokenSettings} from './port-routes.js';

export interface LoggedRequest {
  readonly api: 'port' | 'incident';
  readonly method: string;
  readonly path: string;
  /** The query string without its `?`, when there is one (tests read identifier lookups from it). */
  readonly query?: string;
  /** 0 when the connection was dropped without an answer. */
  readonly status: number;
  /** Set when the emulator injected a fault or refused over the rate limit. */
  readonly fault?: string;
  /** When the request arrived (epoch ms). */
  readonly at: number;
  /** The client's User-Agent header, when it sent one. */
  readonly userAgent?: string;
}

/** incident.io writes (any method but GET) being handled now, and the most at once since the log was cleared. */
export interface RequestStats {
  writesInFlight: number;
  maxWritesInFlight: number;
}

export interface ControlRuntime {
  readonly port: () => PortState;
  /** Port access tokens → expiry; emptied to make every issued token invalid. */
  readonly tokens: Map<string, number>;
  readonly tokenSettings: TokenSettings;
  readonly incident: () => IncidentStore;
  readonly requests: LoggedRequest[];
  readonly stats: RequestStats;
  readonly reset: (seed: unknown) => void;
  readonly faults: FaultInjector;
}

function upsertEntity(state: PortState, blueprint: string, raw: Record<string, unknown>): Record<string, unknown> {
  const list = (state.entities[blueprint] ??= []);
  if (!state.blueprints.some((b) => b.identifier === blueprint))
    state.blueprints.push({
      identifier: blueprint,
      title: blueprint,
      schema: {properties: {}, required: []},
      relations: {},
    });
  const entity = portEntity(raw, blueprint);
  const i = list.findIndex((e) => e.identifier === entity.identifier);
  if (i >= 0) list[i] = {...entity, createdAt: list[i]!['createdAt']};
  else list.push(entity);
  return entity;
}

export function controlRoutes(router: Router, rt: ControlRuntime): void {
  const bad = (ctx: Context, message: string) => sendJson(ctx.res, 400, {error: message});
  router
    .on('GET', '/_emulator/requests', (ctx) => sendJson(ctx.res, 200, {requests: rt.requests, ...rt.stats}))
    .on('DELETE', '/_emulator/requests', (ctx) => {
      rt.requests.length = 0;
      rt.stats.maxWritesInFlight = rt.stats.writesInFlight;
      sendJson(ctx.res, 204, undefined);
    })
    .on('PUT', '/_emulator/port/tokens', async (ctx) => {
      const body = await ctx.body();
      const seconds = isRecord(body) ? body['lifetimeSeconds'] : undefined;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
        return bad(ctx, 'body must be {lifetimeSeconds: a positive integer}');
      }
      rt.tokenSettings.lifetimeSeconds = seconds;
      sendJson(ctx.res, 200, rt.tokenSettings);
    })
    .on('DELETE', '/_emulator/port/tokens', (ctx) => {
      rt.tokens.clear();
      sendJson(ctx.res, 204, undefined);
    })
    .on('GET', '/_emulator/faults', (ctx) => sendJson(ctx.res, 200, rt.faults.settings))
    .on('PUT', '/_emulator/faults', async (ctx) => {
      const body = await ctx.body();
      const parsed = parseFaultSettings(isRecord(body) ? body : {}, rt.faults.settings);
      if (typeof parsed === 'string') return bad(ctx, parsed);
      rt.faults.configure(parsed);
      sendJson(ctx.res, 200, parsed);
    })
    .on('GET', '/_emulator/state', (ctx) => {
      const store = rt.incident();
      sendJson(ctx.res, 200, {
        port: rt.port(),
        incident: {
          apiKeys: [...store.apiKeys],
          bulkUpdateLimit: store.bulkUpdateLimit,
          catalogTypes: store.types,
          entries: store.allEntries(),
        },
      });
    })
    .on('PUT', '/_emulator/state', async (ctx) => {
      rt.reset(await ctx.body());
      sendJson(ctx.res, 204, undefined);
    })
    .on('PUT', '/_emulator/port/blueprints/{blueprint}/entities/{identifier}', async (ctx) => {
      const body = await ctx.body();
      if (!isRecord(body)) return bad(ctx, 'body must be an entity object');
      sendJson(ctx.res, 200, {
        entity: upsertEntity(rt.port(), ctx.params['blueprint'] ?? '', {...body, identifier: ctx.params['identifier']}),
      });
    })
    .on('POST', '/_emulator/port/blueprints/{blueprint}/entities', async (ctx) => {
      const body = await ctx.body();
      if (!isRecord(body) || !Array.isArray(body['entities'])) return bad(ctx, 'body must be {entities: [...]}');
      const state = rt.port();
      const blueprint = ctx.params['blueprint'] ?? '';
      if (body['replace'] === true) state.entities[blueprint] = [];
      for (const e of body['entities'])
        if (isRecord(e) && typeof e['identifier'] === 'string') upsertEntity(state, blueprint, e);
      sendJson(ctx.res, 200, {count: state.entities[blueprint]?.length ?? 0});
    })
    .on('DELETE', '/_emulator/port/blueprints/{blueprint}/entities/{identifier}', (ctx) => {
      const list = rt.port().entities[ctx.params['blueprint'] ?? ''] ?? [];
      const i = list.findIndex((e) => e.identifier === ctx.params['identifier']);
      if (i < 0) return sendJson(ctx.res, 404, {error: 'no such entity'});
      list.splice(i, 1);
      sendJson(ctx.res, 204, undefined);
    })
    .on('GET', '/_emulator/incident/catalog_types/{id}/entries', (ctx) => {
      const store = rt.incident();
      const entries = store.liveEntries(ctx.params['id']).map((e) => entryOut(e, undefined, derivedValues(store, e)));
      sendJson(ctx.res, 200, {catalog_entries: entries});
    })
    .on('POST', '/_emulator/incident/entries', async (ctx) => {
      const body = await ctx.body();
      if (!isRecord(body) || typeof body['catalog_type_id'] !== 'string')
        return bad(ctx, 'body must be an entry with catalog_type_id');
      sendJson(ctx.res, 201, {catalog_entry: entryOut(rt.incident().seedEntry(body))});
    });
}
