// Starts the project's emulator in-process on an ephemeral port and drives its control API.
// Typed reads of the seed files and of what the emulator answers, so tests never handle `any`.
import {readFileSync} from 'node:fs';
import {startEmulator, type RunningEmulator} from '../../src/emulator/server.js';

export const DEMO_TYPE_ID = '01J5RB95K5NNDE1CRQ7ZQ24YH5';
export const HAND_MADE_ENTRY_ID = '01J5RBHAND0000000000000000';
/** The incident.io API key both example seeds accept. */
export const DEMO_API_KEY = 'demo-incident-api-key';

/** A Port entity in a seed file or a control request: `properties` and `relations` as Port sends them. */
export interface SeedEntity {
  identifier: string;
  title?: string;
  properties?: Record<string, unknown>;
  relations?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A blueprint property as Port describes it (what `init` and the mapping read). */
export interface SeedProperty {
  type?: string;
  format?: string;
  items?: {type?: string; format?: string};
  [key: string]: unknown;
}

export interface SeedBlueprint {
  identifier: string;
  title?: string;
  schema: {properties: Record<string, SeedProperty>; required?: string[]};
  relations?: Record<string, unknown>;
  [key: string]: unknown;
}

/** incident.io's stored form of one attribute value: a literal, or a list of them; the label on reads. */
export interface Literal {
  literal: string;
  label?: string;
}
export interface Binding {
  value?: Literal;
  array_value?: Literal[];
}

/** A catalog entry as incident.io's API and the emulator's control API return it (a seed may omit most fields). */
export interface Entry {
  id: string;
  catalog_type_id: string;
  name: string;
  external_id?: string;
  aliases: string[];
  rank: number;
  attribute_values: Record<string, Binding>;
  created_at: string;
  updated_at: string;
  archived_at?: string;
}

export type SeedEntry = Partial<Entry> & {catalog_type_id: string; name: string};

export interface Attribute {
  id: string;
  name: string;
  type: string;
  array: boolean;
  mode: string;
  backlink_attribute?: string;
  path?: Array<{attribute_id: string; attribute_name: string}>;
}

/** A catalog type as incident.io's API returns it. */
export interface CatalogType {
  id: string;
  name: string;
  description: string;
  type_name: string;
  ranked: boolean;
  categories: string[];
  color: string;
  icon: string;
  source_repo_url?: string;
  annotations: Record<string, string>;
  schema: {version: number; attributes: Attribute[]};
  estimated_count?: number;
}

/** A catalog type in a seed: the emulator fills what is left out (array false, mode api, version 1…). */
export type SeedCatalogType = Partial<Omit<CatalogType, 'schema'>> & {
  id: string;
  name: string;
  type_name: string;
  schema?: {version?: number; attributes: Array<Partial<Attribute> & {id: string; name: string; type: string}>};
};

/** An emulator seed file (examples/emulator-data.json); `Blueprint` names the blueprints it holds entities for. */
export interface Seed<Blueprint extends string = string> {
  port: {
    clients: Array<{clientId: string; clientSecret: string}>;
    blueprints: SeedBlueprint[];
    entities: Record<Blueprint, SeedEntity[]>;
  };
  incident: {apiKeys: string[]; catalogTypes: SeedCatalogType[]; entries: SeedEntry[]};
}

/** What the emulator accepts as a seed: either side may be left out (the emulator fills defaults). */
export interface SeedInput {
  port?: Partial<Seed['port']>;
  incident?: Partial<Seed['incident']>;
}

function readSeed<Blueprint extends string>(file: string): Seed<Blueprint> {
  return JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as Seed<Blueprint>;
}

/** examples/emulator-data.json, fresh each call: eight services and one hand-made entry. */
export function demoSeed(): Seed<'service'> {
  return readSeed('emulator-data.json');
}

/** examples/multi/emulator-data.json, fresh each call: teams, domains and services, no catalog types. */
export function multiSeed(): Seed<'team' | 'domain' | 'service'> {
  return readSeed('multi/emulator-data.json');
}

export interface LoggedRequest {
  api: string;
  method: string;
  path: string;
  /** The query string without its `?`, when there is one. */
  query?: string;
  status: number;
  fault?: string;
  at: number;
  userAgent?: string;
}

interface RequestLog {
  requests: LoggedRequest[];
  writesInFlight: number;
  maxWritesInFlight: number;
}

/** An answer from incident.io's API: the status, and the JSON body (undefined when empty). */
export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export class EmulatorHandle {
  constructor(readonly running: RunningEmulator) {}

  get url(): string {
    return this.running.url;
  }

  /** A control API call; `T` is what the route answers (undefined for 204). */
  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method,
      ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}}),
    });
    if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** An incident.io API call with the demo key, as a client would make it. */
  async incident<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers = {authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json'};
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : {body: JSON.stringify(body)}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.control<RequestLog>('GET', '/requests')).requests;
  }

  /** The most incident.io writes the emulator was handling at once since the log was cleared. */
  async maxWritesInFlight(): Promise<number> {
    return (await this.control<RequestLog>('GET', '/requests')).maxWritesInFlight;
  }

  /** Targeted faults: the next `count` requests matching method and path (a trailing * is a prefix) get `kind`. */
  async failNext(rule: {method?: string; path?: string; kind: string; count?: number}): Promise<void> {
    await this.control('PUT', '/faults', {rules: [{count: 1, ...rule}]});
  }

  async writes(): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.api === 'incident' && r.method !== 'GET');
  }

  async clearRequests(): Promise<void> {
    await this.control('DELETE', '/requests');
  }

  /** The type's live (not archived) entries, with backlink and path values, as the API shows them. */
  async entries(typeId = DEMO_TYPE_ID): Promise<Entry[]> {
    return (await this.control<{catalog_entries: Entry[]}>('GET', `/incident/catalog_types/${typeId}/entries`))
      .catalog_entries;
  }

  /** Every catalog type, as incident.io's API lists them. */
  async catalogTypes(): Promise<CatalogType[]> {
    return (await this.incident<{catalog_types: CatalogType[]}>('GET', '/v3/catalog_types')).body.catalog_types;
  }

  /** The catalog type with this type_name; fails the test when there is none. */
  async catalogType(typeName: string): Promise<CatalogType> {
    const type = (await this.catalogTypes()).find((t) => t.type_name === typeName);
    if (type === undefined) throw new Error(`no catalog type ${typeName}`);
    return type;
  }

  async putEntity(blueprint: string, entity: SeedEntity): Promise<void> {
    const path = `/port/blueprints/${blueprint}/entities/${encodeURIComponent(entity.identifier)}`;
    await this.control('PUT', path, entity);
  }

  async deleteEntity(blueprint: string, identifier: string): Promise<void> {
    await this.control('DELETE', `/port/blueprints/${blueprint}/entities/${encodeURIComponent(identifier)}`);
  }

  async close(): Promise<void> {
    await this.running.close();
  }
}

export async function startTestEmulator(seed: SeedInput = demoSeed()): Promise<EmulatorHandle> {
  return new EmulatorHandle(await startEmulator({seed}));
}

export function demoEnv(emulator: EmulatorHandle): Record<string, string> {
  return {
    PORT_API_URL: emulator.url,
    INCIDENT_API_URL: emulator.url,
    PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: DEMO_API_KEY,
    INCIDENT_IO_CATALOG_TYPE_ID: DEMO_TYPE_ID,
  };
}
