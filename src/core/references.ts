// Reference literals compared by the entry they name. incident.io accepts an entry's ID, external
// ID or alias as a reference literal and stores what it likes (an entry ID): both sides are put
// through the same index so that they compare equal when they name the same entry. Pure.
import type {AttributeValue, CatalogAttribute, CatalogEntry, DesiredEntry} from './model.js';
import {isDerived} from './normalize.js';

/** An entry a reference can name: one that exists, or one the plan will create. */
export interface ReferenceCandidate {
  readonly id?: string;
  readonly externalId?: string;
  readonly aliases: readonly string[];
  readonly name?: string;
}

/** literal → the key of the entry it names, for the literals that name one. */
export type ReferenceKeys = ReadonlyMap<string, string>;

const CUSTOM_TYPE = /^Custom\[".+"\]$/;

/**
 * True for attributes that reference a custom type (`Custom["Team"]`): their literals are compared
 * by the entry they name. References to incident.io's own types (User, Schedule, …) are compared
 * as written: reconcile cannot read those entries.
 */
export function isCustomReference(attribute: CatalogAttribute): boolean {
  return CUSTOM_TYPE.test(attribute.type) && !isDerived(attribute);
}

/** How an entry is shown and compared: its external ID when it has one, else its ID. */
function keyOf(candidate: ReferenceCandidate): string | undefined {
  return candidate.externalId ?? candidate.id;
}

/** What a literal names: one entry's key, or several entries (of the first kind it matches), sorted. */
export type ReferenceMatch =
  | {readonly key: string}
  | {readonly ambiguous: readonly string[]; readonly kind: 'ID' | 'external ID' | 'alias' | 'name'};

/**
 * Resolves literals to entries the way incident.io does: by ID, then external ID, then alias (then
 * name, for types that use names as identifiers). When the first kind a literal matches matches more
 * than one entry, which one incident.io picks is not specified: the match says so, and the caller
 * refuses the value rather than guess (a guess that differs from incident.io's is an update every run).
 */
export function referenceIndex(
  candidates: readonly ReferenceCandidate[],
  useNames = false,
): (literal: string) => ReferenceMatch | undefined {
  const byId = new Map<string, Set<string>>();
  const byExternalId = new Map<string, Set<string>>();
  const byAlias = new Map<string, Set<string>>();
  const byName = new Map<string, Set<string>>();
  const kinds = [
    {kind: 'ID', map: byId},
    {kind: 'external ID', map: byExternalId},
    {kind: 'alias', map: byAlias},
    {kind: 'name', map: byName},
  ] as const;
  const add = (map: Map<string, Set<string>>, literal: string | undefined, key: string): void => {
    if (literal === undefined || literal === '') return;
    const keys = map.get(literal) ?? new Set<string>();
    map.set(literal, keys.add(key));
  };
  for (const candidate of candidates) {
    const key = keyOf(candidate);
    if (key === undefined) continue;
    add(byId, candidate.id, key);
    add(byExternalId, candidate.externalId, key);
    for (const alias of candidate.aliases) add(byAlias, alias, key);
    if (useNames) add(byName, candidate.name, key);
  }
  return (literal) => {
    for (const {kind, map} of kinds) {
      const keys = map.get(literal);
      if (keys === undefined) continue;
      if (keys.size === 1) return {key: [...keys][0]!};
      return {ambiguous: [...keys].sort(), kind};
    }
    return undefined;
  };
}

/**
 * The entries of a type this config syncs as they will be once its plan is applied: the desired
 * entries (with the ID of the entry they update), entries without an external ID (never touched),
 * and, with prune off, the synced entries no entity maps to any more.
 */
export function entriesAfterApply(
  desired: readonly DesiredEntry[],
  current: readonly CatalogEntry[],
  prune: boolean,
): ReferenceCandidate[] {
  const byExternalId = new Map(current.filter((e) => e.externalId !== undefined).map((e) => [e.externalId!, e]));
  const wanted = new Set(desired.map((d) => d.externalId));
  const after: ReferenceCandidate[] = desired.map((d) => {
    const now = byExternalId.get(d.externalId);
    const aliases = d.aliases ?? now?.aliases ?? [];
    // Two literal shapes, not a spread: a spread gives every object its own hidden class.
    return now === undefined
      ? {externalId: d.externalId, aliases, name: d.name}
      : {id: now.id, externalId: d.externalId, aliases, name: d.name};
  });
  for (const entry of current) {
    const kept = entry.externalId === undefined || (!prune && !wanted.has(entry.externalId));
    if (kept) after.push(entry);
  }
  return after;
}

/** The distinct literals of one attribute across entries. */
export function literalsOf(values: Iterable<AttributeValue | undefined>): Set<string> {
  const literals = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const literal of typeof value === 'string' ? [value] : value) literals.add(literal);
  }
  return literals;
}

/** A value with every literal replaced by the key of the entry it names (literals naming none kept). */
export function toReferenceKeys(
  value: AttributeValue | undefined,
  keys: ReferenceKeys | undefined,
): AttributeValue | undefined {
  if (value === undefined || keys === undefined) return value;
  return typeof value === 'string' ? (keys.get(value) ?? value) : value.map((v) => keys.get(v) ?? v);
}
