// `reconcile init`: reads blueprints from Port and writes a sync.config.yaml that declares a type
// per blueprint; relations between the chosen blueprints become references.
import {existsSync, writeFileSync} from 'node:fs';
import {attributeForProperty, attributeForRelation, typeNameFor} from '../core/blueprint-mapping.js';
import {ConfigFileError} from '../core/errors.js';
import {portBaseUrl} from '../config/load-config.js';
import {PORT_REGIONS} from '../config/types.js';
import {Redactor} from '../http/redactor.js';
import {renderInitConfig, type InitSync} from '../render/init-config.js';
import {PortClient} from '../sources/port/port-client.js';
import {BlueprintReader} from './blueprints.js';
import type {CommandIo} from './io.js';

export interface InitOptions {
  readonly blueprints: readonly string[];
  readonly out: string;
  readonly force: boolean;
  readonly region: 'eu' | 'us';
  readonly baseUrl?: string;
}

export async function runInit(options: InitOptions, io: CommandIo): Promise<number> {
  if (existsSync(options.out) && !options.force) throw new ConfigFileError(`${options.out} exists; pass --force to overwrite it, or --out another file`);
  const clientId = io.env['PORT_CLIENT_ID'];
  const clientSecret = io.env['PORT_CLIENT_SECRET'];
  if (clientId === undefined || clientId === '' || clientSecret === undefined || clientSecret === '') {
    throw new ConfigFileError('init reads the blueprints from Port: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
  }
  const baseUrl = portBaseUrl(options.baseUrl ?? io.env['PORT_API_URL'] ?? PORT_REGIONS[options.region]);
  const port = new PortClient({baseUrl, clientId, clientSecret}, {redactor: new Redactor()});
  const reader = new BlueprintReader(port);
  const read = await Promise.all(options.blueprints.map((b) => reader.withProperties(b)));
  const blueprints = read.map((r) => r.blueprint);
  const typeNames = new Map(blueprints.map((b) => [b.identifier, typeNameFor(b.title ?? b.identifier)]));
  const syncs: InitSync[] = read.map(({blueprint: b, properties}) => ({
    blueprint: b.identifier, title: b.title ?? b.identifier, typeName: typeNames.get(b.identifier)!,
    attributes: [
      ...Object.entries(properties).map(([name, property]) => attributeForProperty(name, property)),
      ...Object.entries(b.relations ?? {}).map(([name, relation]) => attributeForRelation(name, relation, typeNames)),
    ],
  }));
  writeFileSync(options.out, renderInitConfig({portBaseUrl: options.baseUrl ?? PORT_REGIONS[options.region], syncs}));
  const count = syncs.reduce((n, s) => n + s.attributes.filter((a) => a.skipped === undefined).length, 0);
  io.out(`Wrote ${options.out}: ${syncs.length} sync${syncs.length === 1 ? '' : 's'}, ${count} attributes. Next: reconcile validate --remote --config ${options.out}\n`);
  return 0;
}
