// Writes the commented sync.config.yaml that `reconcile init` produces from Port blueprints: a
// declared type per blueprint with attributes that follow its properties, and the mapping filled in.
import type {SuggestedAttribute} from '../core/blueprint-mapping.js';
import type {CatalogTypeSchema} from '../core/model.js';

export interface InitSync {
  /** The sync's name (syncNameFor): the type's owner annotation records it. */
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
 * A sync's name: its repository's path and the blueprint (`acme.catalog.service` for
 * github.com/acme/catalog), as incident.io's catalog-importer names a sync after its repository. The name
 * is the type's owner annotation, so two repositories that sync one blueprint into one incident.io
 * account claim two names: the second one's plan is refused, never a takeover. Without a remote, the
 * blueprint alone.
 */
export function syncNameFor(blueprint: string, sourceRepoUrl: string | undefined): string {
  const path = sourceRepoUrl === undefined ? [] : new URL(sourceRepoUrl).pathname.split('/').filter((p) => p !== '');
  return [...path, blueprint]
    .join('.')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
}

const q = (s: string): string => JSON.stringify(s);
/** Flow-style YAML needs quotes around values with brackets or quotes, such as Custom["Team"]. */
const yamlScalar = (s: string): string => (/^[A-Za-z][A-Za-z0-9_.-]*$/.test(s) ? s : `'${s.replace(/'/g, "''")}'`);

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
