// The configuration after loading, interpolation and validation: what the rest of the app reads.
// Only data; every expression keeps where it came from so errors can point at it.
import type {SourceLocation} from '../core/errors.js';
import type {DeclaredType} from '../core/model.js';

export type {DeclaredAttribute, DeclaredType} from '../core/model.js';

export interface Expression {
  readonly source: string;
  readonly location: SourceLocation;
  /** Offset of the expression's first character from `location` (1 for quoted scalars). */
  readonly columnOffset: number;
  /** True when the whole expression sits on the line of `location`. */
  readonly singleLine: boolean;
}

/** Port search rules (schemas/sync.config.schema.json#/$defs/portQuery): a group of rules or groups. */
export interface PortQuery {
  readonly combinator: 'and' | 'or';
  readonly rules: ReadonlyArray<PortQuery | PortRule>;
}

/** A self-relation followed up to maxHops times. */
export interface PortPathStep {
  readonly relation: string;
  readonly maxHops?: number;
}

/** A property name, a path of relations, or a property of the calling user's context. */
export type PortRuleProperty =
  | string
  | {readonly path: ReadonlyArray<string | PortPathStep>; readonly fromBlueprint?: string}
  | {readonly context: 'user' | 'userTeams'; readonly property: string};

/** One rule: a comparison on a property (or relation, scorecard, property schema), or relatedTo. */
export interface PortRule {
  readonly operator: string;
  readonly property?: PortRuleProperty;
  readonly propertySchema?: {readonly type: string; readonly format?: string};
  readonly relation?: string;
  readonly scorecard?: string;
  readonly scorecardRule?: string;
  /** relatedTo: the blueprint of the entities named in `value`. */
  readonly blueprint?: string;
  readonly direction?: 'upstream' | 'downstream';
  readonly required?: boolean;
  /** Absent for isEmpty and isNotEmpty only. */
  readonly value?: unknown;
}

export interface SyncSpec {
  readonly name: string;
  readonly blueprint: string;
  /** Port search rules, passed as they are to the search endpoint. */
  readonly query?: PortQuery;
  /** A JSONata predicate: entities for which it is not true are left out. */
  readonly filter?: Expression;
  /** The type's ID or type_name (for a declared type, its typeName). */
  readonly catalogType: string;
  readonly declaredType?: DeclaredType;
  readonly externalId: Expression;
  readonly entryName: Expression;
  readonly aliases?: Expression;
  readonly rank?: Expression;
  /** Catalog attribute name → expression, in file order. */
  readonly attributes: ReadonlyArray<{readonly name: string; readonly expression: Expression}>;
  readonly prune: boolean;
  /** Deleting more than this share of the sync's entries (and more than 10) needs --allow-mass-delete. */
  readonly maxDeletePercent: number;
}

export interface PortSettings {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface IncidentSettings {
  readonly baseUrl: string;
  readonly apiKey: string;
}

export interface HttpConfig {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** incident.io requests per minute for this key; 0 = no pacing. */
  readonly requestsPerMinute: number;
  readonly parallelism: number;
}

export const HTTP_DEFAULTS: HttpConfig = {
  timeoutMs: 30_000,
  maxRetries: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  requestsPerMinute: 1200,
  parallelism: 10,
};

export interface SyncConfig {
  readonly file: string;
  readonly port: PortSettings;
  readonly incident: IncidentSettings;
  readonly http: HttpConfig;
  readonly syncs: readonly SyncSpec[];
}

export const PORT_REGIONS = {eu: 'https://api.port.io', us: 'https://api.us.port.io'} as const;
export const INCIDENT_DEFAULT_BASE_URL = 'https://api.incident.io';
