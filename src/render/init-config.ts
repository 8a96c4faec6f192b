// Writes the commented sync.config.yaml that `reconcile init` produces from Port blueprints: a
// declared type per blueprint with attributes that follow its properties, and the mapping filled in.
import type {SuggestedAttribute} from '../core/blueprint-mapping.js';
import type {CatalogTypeSchema} from '../core/model.js';

export interface InitSync {
  /** The sync's name (newSyncName, or the one the replaced file had): the type's owner annotation records it. */
  readonly name: string;
  readonly blueprint: string;
  readonly title: string;
  readonly typeName: string;
  readonly attributes: readonly SuggestedAttribute[];
  /** The catalog type to take over, when there is one: its name, description and categories are kept. */
  readonly existing?: CatalogTypeSchema;
}

export interface InitOptions {
  readonly portBaseUrl: string;
  readonly syncs: readonly InitSync[];
  /** Where the `$schema` modeline points: a path into node_modules, or the published copy's URL. */
  readonly schemaRef: string;
  /** "catalog-reconcile 0.1.0", for the header. */
  readonly tool: string;
  /** The repository the config lives in (its git remote), for each declared type's sourceRepoUrl. */
  readonly sourceRepoUrl?: string;
}

function typeLines(sync: InitSync, sourceRepoUrl: string | undefined): string[] {
  const e = sync.existing;
  const categories = e?.categories ?? [];
  return [
    e === undefined
      ? '      type:                      # created on the first apply; its schema is kept in step'
      : `      type:                      # the existing type ${e.id}; needs --adopt once if another tool filled it`,
    `        name: ${q(e?.name ?? `Port ${sync.title}`)}`,
    `        description: ${q(e?.description || `${sync.title} entities from Port's "${sync.blueprint}" blueprint`)}`,
    `        typeName: ${yamlScalar(sync.typeName)}`,
    ...(categories.length > 0 ? [`        categories: [${categories.map(yamlScalar).join(', ')}]`] : []),
    ...(e?.ranked === true ? ['        ranked: true'] : []),
    ...(sourceRepoUrl === undefined ? [] : [`        sourceRepoUrl: ${sourceRepoUrl}`]),
  ];
}

/**
 * A new sync's name: the blueprint and six random characters (`service-k3x9qz`). The name is the catalog type's
 * owner (annotation reconcile.sync-id), so two configs must never share one by chance: two repositories, two
 * folders of one repository, or folders with no git remote yet, that sync the same blueprint into one
 * incident.io account. A name drawn once and committed in the config stays the same in every clone, after a
 * rename of the repository and when init runs again (it keeps the names of the file it replaces).
 */
export function newSyncName(blueprint: string, random: () => number = Math.random): string {
  const base = blueprint.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'sync';
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l: read aloud and typed after --sync
  const suffix = Array.from({length: 6}, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  return `${base}-${suffix}`;
}

const q = (s: string): string => JSON.stringify(s);
/** Flow-style YAML needs quotes around values with brackets or quotes, such as Custom["Team"]. */
/** YAML 1.2's words for booleans and null: a name spelled so must be quoted to stay a string. */
const KEYWORD = /^(true|false|null)$/i;
const yamlScalar = (s: string): string =>
  /^[A-Za-z][A-Za-z0-9_.-]*$/.test(s) && !KEYWORD.test(s) ? s : `'${s.replace(/'/g, "''")}'`;

export function renderInitConfig(options: InitOptions): string {
  const lines = [
    `# yaml-language-server: $schema=${options.schemaRef}`,
    `# Written by \`reconcile init\` (${options.tool}) from Port blueprint${options.syncs.length > 1 ? 's' : ''} ` +
      `${options.syncs.map((s) => `"${s.blueprint}"`).join(', ')}.`,
    '# Review it, then: reconcile validate --remote && reconcile plan',
    'version: 1',
    'port:',
    `  baseUrl: \${PORT_API_URL:-${options.portBaseUrl}}`,
    '  # clientId / clientSecret default to ${PORT_CLIENT_ID} / ${PORT_CLIENT_SECRET}',
    'incident:',
    '  baseUrl: ${INCIDENT_API_URL:-https://api.incident.io}',
    '  # apiKey defaults to ${INCIDENT_IO_API_KEY}',
    'syncs:',
  ];
  for (const sync of options.syncs) {
    const kept = sync.attributes.filter((a) => a.skipped === undefined);
    lines.push(
      `  - name: ${yamlScalar(sync.name)}`,
      '    source:',
      `      blueprint: ${q(sync.blueprint)}`,
      '    target:',
      ...typeLines(sync, options.sourceRepoUrl),
      kept.length === 0 ? '        attributes: []' : '        attributes:',
      ...kept.map(
        (a) =>
          `          - {name: ${yamlScalar(a.name)}, type: ${yamlScalar(a.type)}${a.array ? ', array: true' : ''}}`,
      ),
      '    entry:',
      '      externalId: identifier',
      '      name: title',
      kept.length === 0
        ? '    attributes: {}'
        : '    attributes:                  # catalog attribute name → JSONata on the Port entity',
      ...kept.map((a) => `      ${yamlScalar(a.name)}: ${yamlScalar(a.expression)}`),
      ...sync.attributes.filter((a) => a.skipped !== undefined).map((a) => `    # ${a.name}: left out, ${a.skipped}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
