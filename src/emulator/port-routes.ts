// Port's API as the clients and the guide's job use it: access tokens from client credentials,
// blueprints, the unpaged entity GET (the guide's), the paged search, and the count. Read-only.
import {randomBytes} from 'node:crypto';
import {bearerToken, isRecord, sendJson, type Context, type Router} from './http-kit.js';
import {compileQuery} from './port-query.js';
import {withMirrors} from './port-mirrors.js';
import type {PortEntity, PortState} from './state.js';

/** The lifetime Port reports in `expiresIn`. */
export const TOKEN_LIFETIME_SECONDS = 10_800;

/** How long issued tokens really last (their JWT `exp`); shorter in tests: Port's have been seen to expire early. */
export interface TokenSettings {
  lifetimeSeconds: number;
}

export interface PortRuntime {
  readonly state: () => PortState;
  /** token → expiry (epoch ms) */
  readonly tokens: Map<string, number>;
  readonly tokenSettings: TokenSettings;
  readonly clock: () => number;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token (unsigned: only the emulator reads it) whose `exp` says when it stops working. */
function jwt(clientId: string, issuedAt: number, expiresAt: number): string {
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  const claims = {sub: clientId, iat: seconds(issuedAt), exp: seconds(expiresAt), jti: randomBytes(12).toString('hex')};
  return `${base64url({alg: 'HS256', typ: 'JWT'})}.${base64url(claims)}.${randomBytes(24).toString('base64url')}`;
}

function portError(ctx: Context, status: number, error: string, message: string): void {
  sendJson(ctx.res, status, {ok: false, error, message});
}

async function issueToken(ctx: Context, rt: PortRuntime): Promise<void> {
  const body = await ctx.body();
  if (!isRecord(body)) return portError(ctx, 422, 'invalid_request', 'body must be {clientId, clientSecret}');
  const extra = Object.keys(body).filter((k) => k !== 'clientId' && k !== 'clientSecret');
  if (extra.length > 0)
    return portError(ctx, 422, 'invalid_request', `body must NOT have additional properties: ${extra.join(', ')}`);
  if (typeof body['clientId'] !== 'string' || typeof body['clientSecret'] !== 'string') {
    return portError(ctx, 422, 'invalid_request', 'body must have string clientId and clientSecret');
  }
  const ok = rt.state().clients.some((c) => c.clientId === body['clientId'] && c.clientSecret === body['clientSecret']);
  if (!ok) return portError(ctx, 401, 'unauthorized', 'invalid client credentials');
  const issuedAt = rt.clock();
  const expiresAt = issuedAt + rt.tokenSettings.lifetimeSeconds * 1000;
  const token = jwt(body['clientId'], issuedAt, expiresAt);
  rt.tokens.set(token, Math.floor(expiresAt / 1000) * 1000);
  sendJson(ctx.res, 200, {ok: true, accessToken: token, expiresIn: TOKEN_LIFETIME_SECONDS, tokenType: 'Bearer'});
}

function entitiesOf(ctx: Context, rt: PortRuntime): PortEntity[] | undefined {
  const id = ctx.params['blueprint'] ?? '';
  const state = rt.state();
  if (!state.blueprints.some((b) => b.identifier === id)) {
    portError(ctx, 404, 'not_found', `Blueprint with identifier "${id}" was not found`);
    return undefined;
  }
  return withMirrors(state, id, state.entities[id] ?? []);
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({o: offset})).toString('base64url');
}

function decodeCursor(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {o?: unknown};
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/** Splits Port's include/exclude paths: `identifier`, `properties.url`, `relations.owner`. */
function paths(list: unknown): string[][] | undefined {
  return Array.isArray(list)
    ? list.filter((p): p is string => typeof p === 'string').map((p) => p.split('.'))
    : undefined;
}

/**
 * The entity with only the fields `include` names: a whole field (`title`), or one key of an object
 * field (`properties.url`); `identifier` always. Port documents paths of two levels; a deeper one is
 * served as its first two (an assumption).
 */
function keep(entity: Record<string, unknown>, include: string[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {identifier: entity['identifier']};
  const whole = new Set(include.filter((p) => p.length === 1).map((p) => p[0]!));
  for (const field of whole) if (Object.hasOwn(entity, field)) out[field] = entity[field];
  for (const [field, key] of include) {
    if (field === undefined || key === undefined || whole.has(field)) continue;
    const value = entity[field];
    if (!isRecord(value) || !Object.hasOwn(value, key)) continue;
    out[field] = {...(isRecord(out[field]) ? out[field] : {}), [key]: value[key]};
  }
  return out;
}

function drop(entity: Record<string, unknown>, exclude: string[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {...entity};
  for (const [field, key] of exclude) {
    if (field === undefined) continue;
    if (key === undefined) delete out[field];
    else if (isRecord(out[field])) {
      const {[key]: _dropped, ...rest} = out[field];
      out[field] = rest;
    }
  }
  return out;
}

/**
 * Port's `include` and `exclude`: lists of field paths of the entity JSON (`identifier`, `title`,
 * `properties.url`). Include keeps only those (a path into an object keeps just that key of it);
 * exclude then removes those.
 */
function project(entity: PortEntity, include: unknown, exclude: unknown): Record<string, unknown> {
  const kept = paths(include);
  const dropped = paths(exclude);
  let out: Record<string, unknown> = kept === undefined ? entity : keep(entity, kept);
  if (dropped !== undefined) out = drop(out, dropped);
  return out;
}

async function search(ctx: Context, rt: PortRuntime): Promise<void> {
  const all = entitiesOf(ctx, rt);
  if (all === undefined) return;
  const body = (await ctx.body()) ?? {};
  if (!isRecord(body)) return portError(ctx, 422, 'invalid_request', 'body must be an object');
  const unknown = Object.keys(body).filter((k) => !['limit', 'from', 'query', 'include', 'exclude'].includes(k));
  if (unknown.length > 0)
    return portError(ctx, 422, 'invalid_request', `body must NOT have additional properties: ${unknown.join(', ')}`);
  const limit = body['limit'] ?? 200;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    return portError(ctx, 422, 'invalid_request', 'limit must be an integer from 1 to 1000');
  const from = body['from'] === undefined ? 0 : decodeCursor(body['from']);
  if (from === undefined) return portError(ctx, 422, 'invalid_request', 'from is not a cursor this API issued');
  let matching = all;
  if (body['query'] !== undefined) {
    const predicate = compileQuery(body['query'], rt.state());
    if (typeof predicate === 'string') return portError(ctx, 422, 'invalid_request', predicate);
    matching = all.filter(predicate);
  }
  const page = matching.slice(from, from + limit).map((e) => project(e, body['include'], body['exclude']));
  const next = from + limit < matching.length ? encodeCursor(from + limit) : null;
  sendJson(ctx.res, 200, {ok: true, entities: page, next});
}

export function portRoutes(router: Router, rt: PortRuntime): void {
  const guard = (handler: (ctx: Context, rt: PortRuntime) => Promise<void> | void) => async (ctx: Context) => {
    const token = bearerToken(ctx.req);
    const expiry = token === undefined ? undefined : rt.tokens.get(token);
    if (expiry === undefined || expiry <= rt.clock())
      return portError(
        ctx,
        401,
        'unauthorized',
        token === undefined ? 'missing access token' : 'invalid or expired access token',
      );
    await handler(ctx, rt);
  };
  router
    .on('POST', '/v1/auth/access_token', (ctx) => issueToken(ctx, rt))
    .on(
      'GET',
      '/v1/blueprints/{blueprint}',
      guard((ctx) => {
        const blueprint = rt.state().blueprints.find((b) => b.identifier === ctx.params['blueprint']);
        if (blueprint === undefined)
          return portError(
            ctx,
            404,
            'not_found',
            `Blueprint with identifier "${ctx.params['blueprint'] ?? ''}" was not found`,
          );
        sendJson(ctx.res, 200, {
          ok: true,
          blueprint: {
            schema: {properties: {}, required: []},
            relations: {},
            mirrorProperties: {},
            calculationProperties: {},
            aggregationProperties: {},
            ...blueprint,
          },
        });
      }),
    )
    .on(
      'GET',
      '/v1/blueprints/{blueprint}/entities',
      guard((ctx) => {
        const entities = entitiesOf(ctx, rt);
        if (entities !== undefined) sendJson(ctx.res, 200, {ok: true, entities});
      }),
    )
    .on(
      'GET',
      '/v1/blueprints/{blueprint}/entities-count',
      guard((ctx) => {
        const entities = entitiesOf(ctx, rt);
        if (entities !== undefined) sendJson(ctx.res, 200, {ok: true, count: entities.length});
      }),
    )
    .on('POST', '/v1/blueprints/{blueprint}/entities/search', guard(search));
}
