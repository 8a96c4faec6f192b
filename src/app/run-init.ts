// `reconcile init`: reads blueprints from Port and writes a sync.config.yaml that declares a type
// per blueprint; relations between the chosen blueprints become references. With --catalog-type it
// takes over an existing catalog type (the one Port's guide fills) instead of declaring a new one.
import {existsSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {
  attributeForProperty,
  attributeForRelation,
  typeNameFor,
  type SuggestedAttribute,
} from '../core/blueprint-mapping.js';
import {ConfigFileError, formatDiagnostic} from '../core/errors.js';
import {OWNER_ANNOTATION, type CatalogTypeSchema} from '../core/model.js';
import {portBaseUrl, readConfigValues} from '../config/load-config.js';
import {PORT_REGIONS} from '../config/types.js';
import {PACKAGE_NAME, PACKAGE_VERSION} from '../http/package-info.js';
import {Redactor} from '../http/redactor.js';
import {newSyncName, renderInitConfig, type InitSync} from '../render/init-config.js';
import {PortClient} from '../sources/port/port-client.js';
import {IncidentCatalogTarget} from '../targets/incident/incident-target.js';
import {repoUrlOf} from './git-remote.js';
import {BlueprintReader} from './blueprints.js';
import type {CommandIo} from './io.js';

export interface InitOptions {
  readonly blueprints: readonly string[];
  readonly out: string;
  readonly force: boolean;
  readonly region: 'eu' | 'us';
  readonly baseUrl?: string;
  /** An existing catalog type (ID or type_name) to take over instead of declaring a new one. */
  readonly catalogType?: string;
}

const SCHEMA_FILE = 'schemas/sync.config.schema.json';

/**
 * The config's `$schema`: the copy inside node_modules when the package is installed in the project
 * (found the way Node resolves packages, walking up from the file), else this version's published
 * copy on unpkg, which a global install or `npx` can use.
 */
function schemaRef(out: string): string {
  const from = dirname(resolve(out));
  for (let dir = from; ; dir = dirname(dir)) {
    const local = join(dir, 'node_modules', PACKAGE_NAME, SCHEMA_FILE);
    if (existsSync(local)) {
      const path = relative(from, local).split(sep).join('/');
      return path.startsWith('.') ? path : `./${path}`;
    }
    if (dirname(dir) === dir) return `https://unpkg.com/${PACKAGE_NAME}@${PACKAGE_VERSION}/${SCHEMA_FILE}`;
  }
}

/**
 * A taken-over type keeps its attributes' types: an attribute of that name gets the live type and
 * arrayness, not the guess from the blueprint, so the first plan after a takeover changes no schema.
 */
function keepLiveType(suggested: SuggestedAttribute, existing: CatalogTypeSchema | undefined): SuggestedAttribute {
  const live = existing?.attributes.find((a) => a.name === suggested.name);
  if (live === undefined || suggested.skipped !== undefined) return suggested;
  return {...suggested, type: live.type, array: live.array};
}

async function existingType(ref: string, io: CommandIo): Promise<CatalogTypeSchema> {
  const apiKey = io.env['INCIDENT_IO_API_KEY'];
  if (apiKey === undefined || apiKey === '')
    throw new ConfigFileError('--catalog-type reads the type from incident.io: set INCIDENT_IO_API_KEY');
  const baseUrl = (io.env['INCIDENT_API_URL'] ?? 'https://api.incident.io').replace(/\/+$/, '');
  return new IncidentCatalogTarget({baseUrl, apiKey}, {redactor: new Redactor([apiKey]), readOnly: true}).findType(ref);
}

/** The config schema's pattern for a sync's name: a name outside it never owned a type. */
const SYNC_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The sync names of the config init replaces (--force), by blueprint: they own their catalog types, so init
 * keeps them. The file is read as reconcile reads a config (merge keys, alias uses up to loadConfig's bound).
 * `lost` says what init cannot keep: a file it cannot read, or syncs of blueprints it does not write.
 */
function syncNamesIn(file: string, blueprints: readonly string[]): {names: Map<string, string>; lost: string[]} {
  const names = new Map<string, string>();
  if (!existsSync(file)) return {names, lost: []};
  let read: ReturnType<typeof readConfigValues>;
  try {
    read = readConfigValues(file);
  } catch (error) {
    return {names, lost: [`${file} could not be read for its sync names (${(error as Error).message})`]};
  }
  if ('diagnostic' in read) {
    return {names, lost: [`${file} could not be read for its sync names (${formatDiagnostic(read.diagnostic)})`]};
  }
  const syncs: unknown[] = Array.isArray(read.raw.syncs) ? read.raw.syncs : [];
  const lost: string[] = [];
  for (const sync of syncs) {
    const {name, source} = (sync ?? {}) as {name?: unknown; source?: {blueprint?: unknown}};
    const blueprint = source?.blueprint;
    if (typeof name !== 'string' || !SYNC_NAME.test(name) || typeof blueprint !== 'string') continue;
    if (!blueprints.includes(blueprint)) lost.push(`sync "${name}" (blueprint "${blueprint}") is not written again`);
    else if (!names.has(blueprint)) names.set(blueprint, name);
  }
  return {names, lost};
}

export async function runInit(options: InitOptions, io: CommandIo): Promise<number> {
  if (existsSync(options.out) && !options.force)
    throw new ConfigFileError(`${options.out} exists; pass --force to overwrite it, or --out another file`);
  const twice = options.blueprints.find((b, i) => options.blueprints.indexOf(b) !== i);
  if (twice !== undefined) {
    throw new ConfigFileError(`--blueprint "${twice}" is given twice: one sync and one catalog type per blueprint`);
  }
  if (options.catalogType !== undefined && options.blueprints.length !== 1) {
    throw new ConfigFileError('--catalog-type takes over one type: give one --blueprint');
  }
  const clientId = io.env['PORT_CLIENT_ID'];
  const clientSecret = io.env['PORT_CLIENT_SECRET'];
  if (clientId === undefined || clientId === '' || clientSecret === undefined || clientSecret === '') {
    throw new ConfigFileError('init reads the blueprints from Port: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
  }
  const existing = options.catalogType === undefined ? undefined : await existingType(options.catalogType, io);
  const baseUrl = portBaseUrl(options.baseUrl ?? io.env['PORT_API_URL'] ?? PORT_REGIONS[options.region]);
  const port = new PortClient({baseUrl, clientId, clientSecret}, {redactor: new Redactor()});
  const reader = new BlueprintReader(port);
  const read = await Promise.all(options.blueprints.map((b) => reader.withProperties(b)));
  const blueprints = read.map((r) => r.blueprint);
  const typeNames = new Map(
    blueprints.map((b) => [b.identifier, existing?.typeName ?? typeNameFor(b.title ?? b.identifier)]),
  );
  const sourceRepoUrl = repoUrlOf(dirname(resolve(options.out)));
  const {names: kept, lost} = syncNamesIn(options.out, options.blueprints);
  for (const what of lost) {
    io.err(
      `Warning: ${what}: a catalog type that sync applied stays its own (annotation ${OWNER_ANNOTATION}); ` +
        'give its name to the sync that should keep the type.\n',
    );
  }
  const syncs: InitSync[] = read.map(({blueprint: b, properties}) => ({
    name: kept.get(b.identifier) ?? newSyncName(b.identifier),
    blueprint: b.identifier,
    title: b.title ?? b.identifier,
    typeName: typeNames.get(b.identifier)!,
    ...(existing === undefined ? {} : {existing}),
    attributes: [
      ...Object.entries(properties).map(([name, property]) => attributeForProperty(name, property)),
      ...Object.entries(b.relations ?? {}).map(([name, relation]) => attributeForRelation(name, relation, typeNames)),
    ].map((suggested) => keepLiveType(suggested, existing)),
  }));
  const owner = existing?.annotations[OWNER_ANNOTATION];
  if (existing !== undefined && owner !== undefined && owner !== '' && owner !== syncs[0]!.name) {
    io.err(
      `Warning: catalog type "${existing.name}" belongs to sync "${owner}" (annotation ${OWNER_ANNOTATION}): ` +
        `plan refuses it for sync "${syncs[0]!.name}". If this config replaces that one, name its sync "${owner}".\n`,
    );
  }
  writeFileSync(
    options.out,
    renderInitConfig({
      portBaseUrl: options.baseUrl ?? PORT_REGIONS[options.region],
      syncs,
      schemaRef: schemaRef(options.out),
      tool: `${PACKAGE_NAME} ${PACKAGE_VERSION}`,
      ...(sourceRepoUrl === undefined ? {} : {sourceRepoUrl}),
    }),
  );
  const count = syncs.reduce((n, s) => n + s.attributes.filter((a) => a.skipped === undefined).length, 0);
  const next = `Next: reconcile validate --remote --config ${options.out}`;
  io.out(`Wrote ${options.out}: ${syncs.length} sync${syncs.length === 1 ? '' : 's'}, ${count} attributes. ${next}\n`);
  return 0;
}
