// Resolves a sync's custom-reference literals (config and stored) to the entries they name, so the
// planner compares references by entry. A type this config syncs is known from its desired entries;
// any other custom type is read: just the entries named, or its list when cheaper. A targeted run
// knows only its targets' entries of a synced type: literals those do not resolve are read the same
// way. A config literal that names no entry is a plan error, raised before any write. Reads only.
import {DanglingReferenceError, type ReferenceProblem} from '../core/errors.js';
import type {CatalogEntry, CatalogTypeSchema} from '../core/model.js';
import {canonicalStored} from '../core/normalize.js';
import type {CatalogReader} from '../core/ports.js';
import {
  entriesAfterApply,
  isCustomReference,
  literalsOf,
  referenceIndex,
  type ReferenceCandidate,
  type ReferenceKeys,
  type ReferenceMatch,
} from '../core/references.js';
import type {MappingResult} from '../mapping/map-entities.js';
import {readEntriesNamed} from './read-entries.js';

export interface SyncReferences {
  readonly sync: string;
  readonly schema: CatalogTypeSchema;
  readonly mapped: MappingResult;
  readonly current: readonly CatalogEntry[];
  readonly prune: boolean;
}

interface Resolution {
  readonly resolve: (literal: string) => ReferenceMatch | undefined;
  /** Why a literal resolved to nothing, for the error. */
  readonly reason: string;
}

interface SyncedType {
  readonly sync: string;
  readonly schema: CatalogTypeSchema;
  /** Worked out when a reference into the type is first resolved: most types are referenced by none. */
  readonly candidates: () => readonly ReferenceCandidate[];
  readonly useNames: boolean;
  /** False for a targeted run's sync: only its targets' entries are known, the others are read. */
  readonly complete: boolean;
  /** Left out of this run (--sync): its live entries only. */
  readonly live: boolean;
}

/** One per plan run: remembers the synced types, and the schemas of the other types it read. */
export class ReferenceResolver {
  private readonly synced = new Map<string, SyncedType>();
  private readonly schemas = new Map<string, Promise<CatalogTypeSchema>>();

  /**
   * `showStored`: read the entries that changed references pointed at, to name them in the plan (one
   * lookup each); a targeted run leaves that out.
   */
  constructor(
    private readonly reader: CatalogReader,
    private readonly showStored = true,
  ) {}

  /**
   * Records what a synced type will hold once applied; call for every sync before `keysFor` of any
   * (types may reference each other, and an entry may reference its own type).
   * `complete` is false when only some of the sync's entities and entries were read (--target).
   */
  addSynced(input: SyncReferences, complete = true): void {
    let candidates: readonly ReferenceCandidate[] | undefined;
    this.synced.set(input.schema.typeName, {
      sync: input.sync,
      schema: input.schema,
      complete,
      live: false,
      candidates: () => (candidates ??= entriesAfterApply(input.mapped.desired, input.current, input.prune)),
      useNames: input.schema.useNameAsIdentifier === true,
    });
  }

  /** Records a synced type left out of this run (--sync): it holds its live entries only, and gains none. */
  addLive(sync: string, schema: CatalogTypeSchema, current: readonly CatalogEntry[]): void {
    this.synced.set(schema.typeName, {
      sync,
      schema,
      candidates: () => current,
      useNames: schema.useNameAsIdentifier === true,
      complete: true,
      live: true,
    });
  }

  /** Per owned custom-reference attribute: literal → key of the entry it names. Throws for literals naming none. */
  async keysFor(input: SyncReferences): Promise<Map<string, ReferenceKeys>> {
    const {desired, ownedAttributeIds} = input.mapped;
    const result = new Map<string, ReferenceKeys>();
    const attributes = input.schema.attributes.filter((a) => isCustomReference(a) && ownedAttributeIds.includes(a.id));
    if (attributes.length === 0) return result; // no reference: nothing to index (50,000 entries twice)
    const wantedIds = new Set(desired.map((d) => d.externalId));
    const compared = input.current.filter((e) => e.externalId !== undefined && wantedIds.has(e.externalId));
    const problems: ReferenceProblem[] = [];
    for (const attribute of attributes) {
      const wanted = literalsOf(desired.map((d) => d.attributes[attribute.id]));
      const stored = literalsOf(compared.map((e) => canonicalStored(attribute, e.attributes[attribute.id])));
      if (wanted.size === 0 && stored.size === 0) continue;
      const {resolve, reason} = await this.resolutionFor(attribute.type, wanted, stored);
      const keys = new Map<string, string>();
      const ambiguous = new Map<string, string>();
      for (const literal of [...wanted, ...stored]) {
        const match = resolve(literal);
        if (match === undefined) continue;
        if ('key' in match) keys.set(literal, match.key);
        else {
          const named = match.ambiguous.map((key) => `"${key}"`).join(', ');
          ambiguous.set(
            literal,
            `it is the ${match.kind} of ${match.ambiguous.length} entries of ${attribute.type} ` +
              `(${named}), and which one incident.io would store is not defined: make it name one entry`,
          );
        }
      }
      result.set(attribute.id, keys);
      for (const entry of desired) {
        for (const value of literalsOf([entry.attributes[attribute.id]])) {
          if (keys.has(value)) continue;
          const why = ambiguous.get(value) ?? reason;
          problems.push({sync: input.sync, entity: entry.sourceId, attribute: attribute.name, value, reason: why});
        }
      }
    }
    if (problems.length > 0) throw new DanglingReferenceError(problems);
    return result;
  }

  private async resolutionFor(
    typeName: string,
    wanted: ReadonlySet<string>,
    stored: ReadonlySet<string>,
  ): Promise<Resolution> {
    const synced = this.synced.get(typeName);
    if (synced !== undefined && synced.complete) {
      return {
        resolve: referenceIndex(synced.candidates(), synced.useNames),
        reason: synced.live
          ? `no entry of ${typeName} has that ID, external ID or alias, and sync "${synced.sync}", ` +
            'which would create it, is not in this run (--sync)'
          : `sync "${synced.sync}" produces no entry with that external ID, ` +
            `and no entry of ${typeName} has it as ID or alias`,
      };
    }
    const schema = synced?.schema ?? (await this.schemaOf(typeName));
    const useNames = schema.useNameAsIdentifier === true;
    // A targeted run knows its targets' entries (as they will be): a literal one of them has as ID or
    // external ID needs no lookup. Any other is looked up, even one a target has as alias: another entry
    // may have it as external ID (which outranks an alias), or share it.
    const known = synced?.candidates() ?? [];
    const exact = new Set(known.flatMap((c) => [c.id, c.externalId]).filter((l) => l !== undefined));
    const unsettled = (literals: Iterable<string>): string[] => [...literals].filter((l) => !exact.has(l));
    const {entries, complete} = await readEntriesNamed(this.reader, schema, unsettled(wanted));
    const index = (): ReturnType<typeof referenceIndex> => {
      const ids = new Set(known.map((c) => c.id).filter((id) => id !== undefined));
      return referenceIndex([...known, ...entries.filter((e) => !ids.has(e.id))], useNames);
    };
    let resolve = index();
    // Stored literals (entry IDs) that name none of those are changes anyway; a full run reads them to
    // show which entry they name. A targeted run shows them as stored: its cost stays flat.
    const unknown =
      complete || !this.showStored ? [] : unsettled(stored).filter((literal) => resolve(literal) === undefined);
    if (unknown.length > 0) {
      entries.push(...(await readEntriesNamed(this.reader, schema, unknown)).entries);
      resolve = index();
    }
    const reason = `catalog type ${typeName} ("${schema.name}") has no entry with that ID, external ID or alias`;
    return {resolve, reason};
  }

  private schemaOf(typeName: string): Promise<CatalogTypeSchema> {
    let schema = this.schemas.get(typeName);
    if (schema === undefined) {
      schema = this.reader.findType(typeName);
      this.schemas.set(typeName, schema);
    }
    return schema;
  }
}
