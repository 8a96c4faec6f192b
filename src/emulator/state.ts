// The emulator's data: Port blueprints and entities, incident.io catalog types and entries, and
// the seed file format that fills them. Plain objects; the routes mutate them.
import {randomBytes} from 'node:crypto';
import {isRecord} from './http-kit.js';

export interface PortClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type PortEntity = Record<string, unknown> & {identifier: string};

export interface PortState {
  clients: PortClientCredentials[];
  blueprints: Array<Record<string, unknown> & {identifier: string}>;
  /** Blueprint identifier → entities in insertion order. */
  entities: Record<string, PortEntity[]>;
}

export interface CatalogAttribute {
  id: string;
  name: string;
  type: string;
  array: boolean;
  mode: string;
  /** mode backlink: the attribute of type `type` pointing at this type; the value lists the entries pointing here. */
  backlink_attribute?: string;
  /** mode path: the references to follow from the entry, the last one's value being this attribute's. */
  path?: Array<{attribute_id: string; attribute_name: string}>;
}

export interface CatalogType {
  id: string;
  name: string;
  description: string;
  type_name: string;
  ranked: boolean;
  categories: string[];
  color: string;
  icon: string;
  /** Where the type is managed; absent until a client sets it. */
  source_repo_url?: string;
  /** Entries may also be named by their name (in references and the identifier filter). */
  use_name_as_identifier?: boolean;
  annotations: Record<string, string>;
  is_editable: boolean;
  schema: {version: number; attributes: CatalogAttribute[]};
  created_at: string;
  updated_at: string;
}

export interface StoredValue {
  literal: string;
}

export interface StoredBinding {
  value?: StoredValue;
  array_value?: StoredValue[];
}

export interface CatalogEntry {
  id: string;
  catalog_type_id: string;
  name: string;
  external_id?: string;
  aliases: string[];
  rank: number;
  attribute_values: Record<string, StoredBinding>;
  created_at: string;
  updated_at: string;
  archived_at?: string;
}

/** Entries a bulk update takes: incident.io's current API takes 250; its older spec said 100. */
export const BULK_UPDATE_MAX = 250;

export interface IncidentState {
  apiKeys: string[];
  /** The most entries one bulk update may hold (seed `incident.bulkUpdateLimit`, default 250; 100 for the old limit). */
  bulkUpdateLimit: number;
  catalogTypes: CatalogType[];
  entries: CatalogEntry[];
}

export interface EmulatorSeed {
  port?: Partial<PortState>;
  incident?: {
    apiKeys?: string[];
    bulkUpdateLimit?: number;
    catalogTypes?: Array<Partial<CatalogType> & {id?: string}>;
    entries?: Array<Partial<CatalogEntry>>;
  };
}

let counter = 0;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped ID that sorts in creation order (time, then a counter). */
export function newId(): string {
  let time = Date.now();
  let out = '';
  for (let i = 0; i < 10; i += 1) {
    out = ALPHABET[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  counter = (counter + 1) % 32 ** 6;
  let c = counter;
  let tail = '';
  for (let i = 0; i < 6; i += 1) {
    tail = ALPHABET[c % 32]! + tail;
    c = Math.floor(c / 32);
  }
  const random = [...randomBytes(10)].map((b) => ALPHABET[b % 32]).join('');
  return out + tail + random;
}

export function now(): string {
  return new Date().toISOString();
}

function toType(raw: Partial<CatalogType>): CatalogType {
  const at = now();
  return {
    id: raw.id ?? newId(),
    name: raw.name ?? 'Unnamed',
    description: raw.description ?? '',
    type_name: raw.type_name ?? `Custom["${newId()}"]`,
    ranked: raw.ranked ?? false,
    categories: raw.categories ?? [],
    color: raw.color ?? 'blue',
    icon: raw.icon ?? 'box',
    annotations: raw.annotations ?? {},
    is_editable: raw.is_editable ?? true,
    ...(raw.source_repo_url === undefined ? {} : {source_repo_url: raw.source_repo_url}),
    ...(raw.use_name_as_identifier === undefined ? {} : {use_name_as_identifier: raw.use_name_as_identifier}),
    schema: {
      version: raw.schema?.version ?? 1,
      attributes: (raw.schema?.attributes ?? []).map((a) => ({
        id: a.id ?? newId(),
        name: a.name,
        type: a.type ?? 'String',
        array: a.array ?? false,
        mode: a.mode ?? 'api',
        ...(a.backlink_attribute === undefined ? {} : {backlink_attribute: a.backlink_attribute}),
        ...(a.path === undefined ? {} : {path: a.path}),
      })),
    },
    created_at: raw.created_at ?? at,
    updated_at: raw.updated_at ?? at,
  };
}

function toEntry(raw: Partial<CatalogEntry>): CatalogEntry {
  const at = now();
  return {
    id: raw.id ?? newId(),
    catalog_type_id: raw.catalog_type_id ?? '',
    name: raw.name ?? '',
    aliases: raw.aliases ?? [],
    rank: raw.rank ?? 0,
    attribute_values: raw.attribute_values ?? {},
    created_at: raw.created_at ?? at,
    updated_at: raw.updated_at ?? at,
    ...(raw.external_id === undefined ? {} : {external_id: raw.external_id}),
    ...(raw.archived_at === undefined ? {} : {archived_at: raw.archived_at}),
  };
}

export function portEntity(raw: Record<string, unknown>, blueprint: string): PortEntity {
  const at = now();
  return {
    title: null,
    icon: null,
    team: [],
    properties: {},
    relations: {},
    createdAt: at,
    createdBy: 'emulator',
    updatedAt: at,
    updatedBy: 'emulator',
    ...raw,
    identifier: String(raw['identifier']),
    blueprint,
  };
}

/** Builds state from a seed (a parsed JSON file); missing parts are empty. */
function bulkLimit(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 ? raw : BULK_UPDATE_MAX;
}

export function stateFromSeed(seed: unknown): {port: PortState; incident: IncidentState} {
  const s = (isRecord(seed) ? seed : {}) as EmulatorSeed;
  const entities: Record<string, PortEntity[]> = {};
  for (const [blueprint, list] of Object.entries(s.port?.entities ?? {})) {
    entities[blueprint] = (Array.isArray(list) ? list : []).map((e) => portEntity(e, blueprint));
  }
  const blueprints = (s.port?.blueprints ?? []).map((b) => ({...b}));
  for (const id of Object.keys(entities)) {
    if (!blueprints.some((b) => b.identifier === id))
      blueprints.push({identifier: id, title: id, schema: {properties: {}, required: []}, relations: {}});
  }
  return {
    port: {clients: s.port?.clients ?? [], blueprints, entities},
    incident: {
      apiKeys: s.incident?.apiKeys ?? [],
      bulkUpdateLimit: bulkLimit(s.incident?.bulkUpdateLimit),
      catalogTypes: (s.incident?.catalogTypes ?? []).map(toType),
      entries: (s.incident?.entries ?? []).map(toEntry),
    },
  };
}

export {toEntry as entryFromSeed};
