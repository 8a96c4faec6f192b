// Port API client: one access token at a time, its expiry read from the JWT's exp claim, replaced
// by one shared fetch when it nears expiry or is refused (401); entities read through the paged
// search endpoint. Read-only: it never writes to Port.
import {ApiError, PaginationLoopError} from '../../core/errors.js';
import {createHttpClient, type HttpClient, type HttpSettings} from '../../http/http-client.js';
import {describePortError} from './port-errors.js';

export interface PortCredentials {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface PortEntityPage {
  readonly entities: Array<Record<string, unknown>>;
  readonly next?: string | null;
}

export interface PortProperty {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: unknown[];
  readonly items?: {readonly type?: string; readonly format?: string};
  readonly title?: string;
}

export interface PortBlueprint {
  readonly identifier: string;
  readonly title?: string;
  readonly schema?: {
    readonly properties?: Readonly<Record<string, PortProperty>>;
    readonly required?: readonly string[];
  };
  readonly relations?: Readonly<
    Record<string, {readonly target: string; readonly many?: boolean; readonly required?: boolean}>
  >;
  /** Values from related entities; `path` is relations then a property (`team.slack`). */
  readonly mirrorProperties?: Readonly<Record<string, {readonly title?: string; readonly path?: string}>>;
  /** Computed by a jq `calculation`; typed like schema properties. */
  readonly calculationProperties?: Readonly<Record<string, PortProperty & {readonly calculation?: string}>>;
  /** Counts, sums or averages over related entities; numbers unless typed otherwise. */
  readonly aggregationProperties?: Readonly<Record<string, PortProperty & {readonly target?: string}>>;
}

const PAGE_SIZE = 1000;
/** A token this close to its expiry is replaced before use (or past half its life, for short-lived ones). */
const REFRESH_MARGIN_MS = 5 * 60_000;

interface Token {
  readonly value: string;
  readonly expiresAt: number;
  /** From here on the token is replaced before use. */
  readonly refreshAt: number;
}

/** The `exp` claim (epoch seconds) of a JWT, when the token is one and has it. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const bytes = Uint8Array.from(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const exp = typeof claims === 'object' && claims !== null ? (claims as {exp?: unknown}).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
  } catch {
    return undefined;
  }
}

export class PortClient {
  private readonly http: HttpClient;
  private token: Promise<Token> | undefined;
  /** The last replacement: callers that found the same token stale share its fetch. */
  private renewal: {readonly of: Token; readonly next: Promise<Token>} | undefined;

  constructor(
    private readonly credentials: PortCredentials,
    private readonly settings: HttpSettings = {},
    private readonly now: () => number = Date.now,
  ) {
    settings.redactor?.add(credentials.clientSecret);
    this.http = createHttpClient({
      ...settings,
      api: 'Port',
      baseUrl: credentials.baseUrl,
      describeError: describePortError,
    });
  }

  private async fetchToken(): Promise<Token> {
    try {
      const body = await this.http.request<{accessToken?: unknown; expiresIn?: unknown}>(
        'POST',
        '/v1/auth/access_token',
        {
          json: {clientId: this.credentials.clientId, clientSecret: this.credentials.clientSecret},
        },
      );
      if (typeof body?.accessToken !== 'string')
        throw new ApiError('Port', 'POST', '/v1/auth/access_token', 200, ['no accessToken in the response'], undefined);
      this.settings.redactor?.add(body.accessToken);
      // The token says when it expires; expiresIn is what the response says (tokens have been seen to expire early).
      const now = this.now();
      const exp = jwtExpiry(body.accessToken);
      const seconds = typeof body.expiresIn === 'number' && body.expiresIn > 0 ? body.expiresIn : 3 * 3600;
      const expiresAt = exp === undefined ? now + seconds * 1000 : exp * 1000;
      const refreshAt = expiresAt - Math.min(REFRESH_MARGIN_MS, Math.max(0, expiresAt - now) / 2);
      return {value: body.accessToken, expiresAt, refreshAt};
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw new ApiError(
          'Port',
          'POST',
          '/v1/auth/access_token',
          401,
          error.messages,
          error.requestId,
          this.credentialsHint(),
        );
      }
      throw error;
    }
  }

  private credentialsHint(): string {
    return `Check PORT_CLIENT_ID / PORT_CLIENT_SECRET and that ${this.credentials.baseUrl} is your organization's region (port.region or port.baseUrl).`;
  }

  /** The current token, replaced first when it is about to expire; one fetch shared by all callers. */
  private async currentToken(): Promise<Token> {
    const pending = (this.token ??= this.fetchToken());
    const token = await pending.catch((error: unknown) => {
      if (this.token === pending) this.token = undefined;
      throw error;
    });
    return this.now() < token.refreshAt ? token : this.renew(token);
  }

  /** Replaces `stale`; every caller that found the same token stale (expiring or refused) shares one fetch. */
  private renew(stale: Token): Promise<Token> {
    if (this.renewal?.of === stale) return this.renewal.next;
    const next = this.fetchToken();
    this.token = next;
    this.renewal = {of: stale, next};
    next.catch(() => {
      if (this.token === next) this.token = undefined;
    });
    return next;
  }

  /** Sends an authenticated request; on a 401 fetches a new token once and resends. */
  private async authed<T>(method: 'GET' | 'POST', path: string, json?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.currentToken();
      try {
        return await this.http.request<T>(method, path, {
          headers: {authorization: `Bearer ${token.value}`},
          ...(json === undefined ? {} : {json}),
        });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        if (attempt > 0)
          throw new ApiError('Port', method, path, 401, error.messages, error.requestId, this.credentialsHint());
        await this.renew(token);
      }
    }
  }

  /** A blueprint's schema: properties and relations. */
  async getBlueprint(blueprint: string): Promise<PortBlueprint> {
    const body = await this.authed<{blueprint?: PortBlueprint}>(
      'GET',
      `/v1/blueprints/${encodeURIComponent(blueprint)}`,
    );
    if (body?.blueprint === undefined)
      throw new ApiError(
        'Port',
        'GET',
        `/v1/blueprints/${blueprint}`,
        200,
        ['the response has no blueprint'],
        undefined,
      );
    return body.blueprint;
  }

  /** Every entity of a blueprint, page by page through the search endpoint. */
  async searchEntities(blueprint: string, query?: unknown): Promise<Array<Record<string, unknown>>> {
    const entities: Array<Record<string, unknown>> = [];
    for await (const page of this.searchPages(blueprint, query === undefined ? {} : {query})) entities.push(...page);
    return entities;
  }

  /** The search endpoint's pages, each handed on as it arrives; `include` limits the fields Port sends. */
  async *searchPages(
    blueprint: string,
    options: {readonly query?: unknown; readonly include?: readonly string[]},
  ): AsyncGenerator<Array<Record<string, unknown>>> {
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/search`;
    const {query, include} = options;
    const seen = new Set<string>();
    let from: string | undefined;
    for (;;) {
      const page = await this.authed<PortEntityPage>('POST', path, {
        limit: PAGE_SIZE,
        ...(query === undefined ? {} : {query}),
        ...(include === undefined ? {} : {include: [...include]}),
        ...(from === undefined ? {} : {from}),
      });
      if (!Array.isArray(page?.entities))
        throw new ApiError('Port', 'POST', path, 200, ['the response has no entities list'], undefined);
      const next = page.next;
      yield page.entities;
      if (next === undefined || next === null || next === '') return;
      if (seen.has(next))
        throw new PaginationLoopError(
          `Port: POST ${path} returned cursor "${next}" twice; stopping instead of looping`,
        );
      seen.add(next);
      from = next;
    }
  }
}
