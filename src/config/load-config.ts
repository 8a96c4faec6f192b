// Reads sync.config.yaml: YAML with positions → ${VAR} interpolation → schema check → SyncConfig.
// Returns every problem it finds at once, located; never touches the network.
import {readFileSync} from 'node:fs';
import {LineCounter, parseDocument, isScalar, Scalar, visit, type Document} from 'yaml';
import {ConfigError, ConfigFileError, type Diagnostic, type SourceLocation} from '../core/errors.js';
import {interpolateDocument, interpolateString, type Env} from './interpolate.js';
import {aliasLoops, badMergeValues, locate, resolvePath} from './locate.js';
import {
  HTTP_DEFAULTS,
  INCIDENT_DEFAULT_BASE_URL,
  PORT_REGIONS,
  type DeclaredType,
  type Expression,
  type PortQuery,
  type SyncConfig,
  type SyncSpec,
} from './types.js';
import {validateConfig} from './validate.js';

export interface LoadedConfig {
  /** Present when there were no diagnostics. */
  readonly config?: SyncConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** Every expression found at an expression position, even when the file has other errors. */
  readonly expressions: readonly Expression[];
}

interface RawSync {
  name?: unknown;
  source?: {blueprint?: unknown; query?: PortQuery; filter?: unknown};
  target?: {catalogType?: unknown; type?: RawDeclaredType};
  entry?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  prune?: unknown;
  maxDeletePercent?: number;
}
interface RawDeclaredType {
  name: string;
  description?: string;
  typeName: string;
  categories?: string[];
  ranked?: boolean;
  color?: string;
  icon?: string;
  sourceRepoUrl?: string;
  attributes: Array<{name: string; type: string; array?: boolean}>;
}

function declared(raw: RawDeclaredType): DeclaredType {
  return {
    name: raw.name,
    description: raw.description ?? raw.name,
    typeName: raw.typeName,
    categories: raw.categories ?? [],
    ranked: raw.ranked ?? false,
    ...(raw.color === undefined ? {} : {color: raw.color}),
    ...(raw.icon === undefined ? {} : {icon: raw.icon}),
    ...(raw.sourceRepoUrl === undefined ? {} : {sourceRepoUrl: raw.sourceRepoUrl}),
    attributes: raw.attributes.map((a) => ({name: a.name, type: a.type, array: a.array ?? false})),
  };
}

interface RawConfig {
  port?: {region?: 'eu' | 'us'; baseUrl?: string; clientId?: string; clientSecret?: string};
  incident?: {baseUrl?: string; apiKey?: string};
  http?: {
    timeoutSeconds?: number;
    maxRetries?: number;
    backoffBaseMs?: number;
    backoffMaxMs?: number;
    requestsPerMinute?: number;
    parallelism?: number;
  };
  syncs?: RawSync[];
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigFileError(
      code === 'ENOENT' ? `${file}: no such file (pass --config FILE)` : `${file}: cannot read (${code ?? 'error'})`,
    );
  }
}

function expressionAt(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  path: Array<string | number>,
): Expression | undefined {
  const {resolved, complete} = resolvePath(doc, path);
  const node = resolved?.node;
  if (!complete || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  // Through an alias the expression's text is elsewhere: errors point at the alias, not into it.
  const singleLine = resolved?.via === undefined && (node.type === Scalar.PLAIN || quoted);
  return {
    source: node.value,
    location: locate(doc, lineCounter, file, path),
    columnOffset: quoted ? 1 : 0,
    singleLine: singleLine && !node.value.includes('\n'),
  };
}

/** At most this many alias uses in a file (the yaml library's default, 100, is short of a config with many syncs). */
const MAX_ALIAS_COUNT = 1000;

/** The document as plain values; the yaml library throws without a location when aliases expand too far. */
function toJS(doc: Document, lc: LineCounter, file: string): {raw: RawConfig} | {diagnostic: Diagnostic} {
  try {
    return {raw: (doc.toJS({maxAliasCount: MAX_ALIAS_COUNT}) ?? {}) as RawConfig};
  } catch (error) {
    // Point at the first alias: the library does not say which one went over the limit.
    let offset = 0;
    visit(doc, {
      Alias: (_, alias) => {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const at = lc.linePos(offset);
    const why = error instanceof Error ? error.message : String(error);
    return {
      diagnostic: {
        location: {file, line: at.line, col: at.col},
        message: `YAML: the aliases expand to too much (${why}; at most ${MAX_ALIAS_COUNT} alias uses): use fewer`,
      },
    };
  }
}

function collectExpressions(
  doc: Document,
  lc: LineCounter,
  file: string,
  raw: RawConfig,
  problems: Diagnostic[],
): Map<string, Expression> {
  const found = new Map<string, Expression>();
  const collect = (path: Array<string | number>, value: unknown): void => {
    const e = expressionAt(doc, lc, file, path);
    if (e !== undefined) found.set(path.slice(1).join('.'), e);
    // The parsed value is a string but no node was found for it: never map it silently to nothing.
    else if (typeof value === 'string') {
      const message = `cannot find ${path.slice(2).join('.')} in the YAML: write it as a plain key`;
      problems.push({location: locate(doc, lc, file, path), message});
    }
  };
  (Array.isArray(raw.syncs) ? raw.syncs : []).forEach((sync, i) => {
    if (sync?.source?.filter !== undefined) collect(['syncs', i, 'source', 'filter'], sync.source.filter);
    for (const [key, value] of Object.entries(sync?.entry ?? {})) collect(['syncs', i, 'entry', key], value);
    for (const [key, value] of Object.entries(sync?.attributes ?? {})) collect(['syncs', i, 'attributes', key], value);
  });
  return found;
}

/**
 * Port's API paths all start with /v1/, and its docs show base URLs both with and without it: a
 * baseUrl ending in /v1 (or /v1/) means the same host, so the suffix is dropped rather than refused.
 */
export function portBaseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** A default like `clientId: ${PORT_CLIENT_ID}` applies when the key is omitted. */
function fromDefault(
  value: string | undefined,
  variable: string,
  env: Env,
  at: SourceLocation,
  key: string,
  problems: Diagnostic[],
): string {
  if (value !== undefined) return value;
  return interpolateString(`\${${variable}}`, env, () => {
    problems.push({
      location: at,
      message: `${key} is not set: set the environment variable ${variable} or ${key} in the file`,
    });
  });
}

function buildConfig(
  file: string,
  raw: RawConfig,
  exprs: Map<string, Expression>,
  env: Env,
  at: SourceLocation,
  problems: Diagnostic[],
): SyncConfig {
  const port = raw.port ?? {};
  const incident = raw.incident ?? {};
  const syncs: SyncSpec[] = (raw.syncs ?? []).map((sync, i) => {
    const expr = (key: string): Expression | undefined => exprs.get(`${i}.${key}`);
    const attributes = Object.keys(sync.attributes ?? {}).flatMap((name) => {
      const expression = expr(`attributes.${name}`);
      return expression === undefined ? [] : [{name, expression}];
    });
    const aliases = expr('entry.aliases');
    const rank = expr('entry.rank');
    const filter = expr('source.filter');
    return {
      name: String(sync.name),
      blueprint: String(sync.source?.blueprint),
      catalogType: String(sync.target?.type?.typeName ?? sync.target?.catalogType),
      ...(sync.target?.type === undefined ? {} : {declaredType: declared(sync.target.type)}),
      externalId: expr('entry.externalId') as Expression,
      entryName: expr('entry.name') as Expression,
      ...(aliases === undefined ? {} : {aliases}),
      ...(rank === undefined ? {} : {rank}),
      ...(filter === undefined ? {} : {filter}),
      ...(sync.source?.query === undefined ? {} : {query: sync.source.query}),
      attributes,
      prune: sync.prune !== false,
      maxDeletePercent: sync.maxDeletePercent ?? 20,
    };
  });
  return {
    file,
    port: {
      baseUrl: portBaseUrl(port.baseUrl ?? PORT_REGIONS[port.region ?? 'eu']),
      clientId: fromDefault(port.clientId, 'PORT_CLIENT_ID', env, at, 'port.clientId', problems),
      clientSecret: fromDefault(port.clientSecret, 'PORT_CLIENT_SECRET', env, at, 'port.clientSecret', problems),
    },
    incident: {
      baseUrl: (incident.baseUrl ?? INCIDENT_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiKey: fromDefault(incident.apiKey, 'INCIDENT_IO_API_KEY', env, at, 'incident.apiKey', problems),
    },
    http: {
      timeoutMs: raw.http?.timeoutSeconds === undefined ? HTTP_DEFAULTS.timeoutMs : raw.http.timeoutSeconds * 1000,
      maxRetries: raw.http?.maxRetries ?? HTTP_DEFAULTS.maxRetries,
      backoffBaseMs: raw.http?.backoffBaseMs ?? HTTP_DEFAULTS.backoffBaseMs,
      backoffMaxMs: raw.http?.backoffMaxMs ?? HTTP_DEFAULTS.backoffMaxMs,
      requestsPerMinute: raw.http?.requestsPerMinute ?? HTTP_DEFAULTS.requestsPerMinute,
      parallelism: raw.http?.parallelism ?? HTTP_DEFAULTS.parallelism,
    },
    syncs,
  };
}

function duplicateNames(raw: RawConfig, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const seen = new Set<unknown>();
  const problems: Diagnostic[] = [];
  (raw.syncs ?? []).forEach((sync, i) => {
    if (seen.has(sync.name))
      problems.push({
        location: locate(doc, lc, file, ['syncs', i, 'name']),
        message: `sync name "${String(sync.name)}" is used twice`,
      });
    seen.add(sync.name);
  });
  return problems;
}

/**
 * The file's YAML as reconcile reads it: merge keys resolved (`<<: *shared` is YAML 1.1; users write it in
 * 1.2 files too), and refused with file:line:col when it does not parse, a merge key takes something
 * other than maps, or an alias holds itself.
 */
function parseYaml(
  text: string,
  file: string,
): {doc: Document; lineCounter: LineCounter} | {diagnostics: Diagnostic[]} {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true, merge: true});
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map((error) => {
      const at = lineCounter.linePos(error.pos[0]);
      return {
        location: {file, line: at.line, col: at.col},
        message: `YAML: ${error.message.split('\n')[0] ?? error.code}`,
      };
    });
    return {diagnostics};
  }
  const merges = badMergeValues(doc).map((node) => {
    const at = lineCounter.linePos(node.range?.[0] ?? 0);
    const message = 'YAML: a merge key (<<) takes a map, an alias of one, or a list of them';
    return {location: {file, line: at.line, col: at.col}, message};
  });
  if (merges.length > 0) return {diagnostics: merges};
  const loops = aliasLoops(doc).map((node) => {
    const at = lineCounter.linePos(node.range?.[0] ?? 0);
    const message = 'YAML: this alias is inside the node its anchor names, so the value would contain itself';
    return {location: {file, line: at.line, col: at.col}, message};
  });
  if (loops.length > 0) return {diagnostics: loops};
  return {doc, lineCounter};
}

/**
 * A config file's plain values as YAML gives them, read as loadConfig reads them, without ${VAR}
 * interpolation or schema checks: for `init`, which keeps the sync names of the file it replaces.
 */
export function readConfigValues(file: string): {raw: RawConfig} | {diagnostic: Diagnostic} {
  const parsed = parseYaml(readSource(file), file);
  if ('diagnostics' in parsed) return {diagnostic: parsed.diagnostics[0]!};
  return toJS(parsed.doc, parsed.lineCounter, file);
}

export function loadConfig(file: string, env: Env): LoadedConfig {
  const parsed = parseYaml(readSource(file), file);
  if ('diagnostics' in parsed) return {diagnostics: parsed.diagnostics, expressions: []};
  const {doc, lineCounter} = parsed;
  const problems = interpolateDocument(doc, lineCounter, file, env);
  const js = toJS(doc, lineCounter, file);
  if ('diagnostic' in js) return {diagnostics: [js.diagnostic], expressions: []};
  const raw = js.raw;
  // A value still holding an unset ${VAR} fails its pattern too; the variable is the real problem.
  const unset = new Set(problems.map((p) => `${p.location.line}:${p.location.col}`));
  problems.push(
    ...validateConfig(raw, doc, lineCounter, file).filter((d) => !unset.has(`${d.location.line}:${d.location.col}`)),
  );
  const exprs = collectExpressions(doc, lineCounter, file, raw, problems);
  const expressions = [...exprs.values()];
  if (problems.length > 0) return {diagnostics: sortDiagnostics(problems), expressions};
  problems.push(...duplicateNames(raw, doc, lineCounter, file));
  const config = buildConfig(file, raw, exprs, env, locate(doc, lineCounter, file, []), problems);
  if (problems.length > 0) return {diagnostics: sortDiagnostics(problems), expressions};
  return {config, diagnostics: [], expressions};
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.location.line - b.location.line || a.location.col - b.location.col);
}

/** Throws ConfigError unless the file loads cleanly. */
export function requireConfig(loaded: LoadedConfig): SyncConfig {
  if (loaded.config === undefined || loaded.diagnostics.length > 0) throw new ConfigError(loaded.diagnostics);
  return loaded.config;
}
