// The vocabulary of reconcile: what Port gives, what incident.io stores, what we want it to store.
// Plain data only: no I/O, no clock, no library types.

/** A Port entity as the API returned it; the mapping reads any of its keys. */
export interface SourceEntity {
  readonly identifier: string;
  readonly [key: string]: unknown;
}

/** An attribute of a catalog type, as incident.io describes it. */
export interface CatalogAttribute {
  readonly id: string;
  readonly name: string;
  /** `String`, `Text`, `Number`, `Bool`, or another type's `type_name` (a reference). */
  readonly type: string;
  readonly array: boolean;
  /** `backlink` and `path` attributes are derived by incident.io and never written. */
  readonly mode: string;
  /**
   * The attribute's other fields as incident.io sent them (`backlink_attribute`, `path`, and any it
   * adds later): reconcile does not manage them, so update_schema sends them back unchanged.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface CatalogTypeSchema {
  readonly id: string;
  readonly name: string;
  readonly typeName: string;
  readonly version: number;
  readonly attributes: readonly CatalogAttribute[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly categories?: readonly string[];
  readonly ranked?: boolean;
  readonly color?: string;
  readonly icon?: string;
  /** incident.io's estimate of the type's entry count (to choose between listing and lookups). */
  readonly estimatedCount?: number;
  /** The type's entries are also known by their names when a reference names them. */
  readonly useNameAsIdentifier?: boolean;
  /** Where the type is managed (incident.io's source_repo_url): shown in the dashboard, which then locks the schema. */
  readonly sourceRepoUrl?: string;
}

export interface DeclaredAttribute {
  readonly name: string;
  /** `String`, `Text`, `Number`, `Bool`, or another type's type_name (a reference). */
  readonly type: string;
  readonly array: boolean;
}

/** A catalog type the config declares: created when missing, its fields and schema kept in step. */
export interface DeclaredType {
  readonly name: string;
  readonly description: string;
  readonly typeName: string;
  readonly categories: readonly string[];
  readonly ranked: boolean;
  readonly color?: string;
  readonly icon?: string;
  /** Left as it is on the live type when undefined (no default that could differ between a laptop and CI). */
  readonly sourceRepoUrl?: string;
  readonly attributes: readonly DeclaredAttribute[];
}

/**
 * An attribute value in incident.io's stored form: one literal, or a list of literals.
 * Every literal is a string (numbers as decimal text, booleans "true"/"false").
 * "No value" is the absence of the key, never an empty string or empty list.
 */
export type AttributeValue = string | readonly string[];

export type AttributeValues = Readonly<Record<string, AttributeValue>>;

/** What the configuration says an entry should be, already in stored form. */
export interface DesiredEntry {
  /** The Port identifier this entry was mapped from, for messages. */
  readonly sourceId: string;
  readonly externalId: string;
  readonly name: string;
  /** Undefined when the config does not map aliases: the entry's aliases are then left alone. */
  readonly aliases?: readonly string[];
  /** Undefined when the config does not map rank: the entry's rank is then left alone. */
  readonly rank?: number;
  /** Keyed by attribute ID; only the attributes the sync owns. */
  readonly attributes: AttributeValues;
}

/** An entry as incident.io holds it now. */
export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly externalId?: string;
  readonly aliases: readonly string[];
  readonly rank: number;
  /** Keyed by attribute ID, every attribute the entry has a value for. */
  readonly attributes: AttributeValues;
  readonly updatedAt: string;
}

/** The fields of an entry that a write sends. */
export interface EntryWrite {
  readonly externalId: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly rank: number;
  readonly attributes: AttributeValues;
  /** The attribute IDs this write owns; others on the entry are kept. */
  readonly ownedAttributeIds: readonly string[];
}

/**
 * The annotation on a catalog type that names the sync owning it: one type has one sync. The
 * planner sets it on types it creates; the ownership policy refuses a type another sync owns.
 */
export const OWNER_ANNOTATION = 'reconcile.sync-id';
/** The annotation listing, as JSON, the attribute names the config declared: only those are ever removed. */
export const OWNED_ATTRIBUTES_ANNOTATION = 'reconcile.attributes';

/** A value as shown to the user: a literal, a list of literals, a number, or nothing. */
export type FieldValue = string | number | readonly string[] | undefined;

/** One field of an entry or a type, old value → new value. */
export interface FieldChange {
  readonly label: string;
  readonly before: FieldValue;
  readonly after: FieldValue;
}

/** What a declared catalog type needs before its entries can be written: made by planType, carried by the plan. */
export interface TypeChanges {
  readonly create: boolean;
  /** name, description, categories, ranked, color, icon, source_repo_url: old → new. */
  readonly fields: readonly FieldChange[];
  readonly added: readonly CatalogAttribute[];
  readonly changed: ReadonlyArray<{readonly before: CatalogAttribute; readonly after: CatalogAttribute}>;
  readonly removed: readonly CatalogAttribute[];
  /** The full attribute list update_schema is sent (it removes whatever is missing). */
  readonly attributes: readonly CatalogAttribute[];
  /** The schema version the changes were planned against (update_schema checks it). */
  readonly version: number;
  /** The annotations this sync sets (ownership, declared attributes); the write merges them with the live ones. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The type exists and its fields or annotations must be rewritten (PUT). */
  readonly updateType: boolean;
  readonly declared: DeclaredType;
}
