// Reads every sync's catalog type before any entry, and orders the syncs by the references their
// types hold: declared attributes, and the live attributes of `catalogType:` syncs, which only the
// live type knows. Types may reference each other (apply writes such entry references in a second
// pass); a cycle that includes a type still to be created is an error, raised before any write. Reads only.
import type {CatalogTypeSchema, TypeChanges} from '../core/model.js';
import type {CatalogReader} from '../core/ports.js';
import {isCustomReference} from '../core/references.js';
import {DependencyCycleError, orderSyncs, referenceCycles, type SyncNode} from '../core/sync-order.js';
import {planType, typeNeedsWrite} from '../core/type-planner.js';
import type {SyncSpec} from '../config/types.js';
import {findTypeIfExists} from './find-type.js';
import type {LoadedSyncs} from './load.js';

export interface SyncType {
  /** Live, or as planned for a declared type. */
  readonly schema: CatalogTypeSchema;
  readonly exists: boolean;
  readonly typeChanges?: TypeChanges;
  /** The type's annotations as they are now, for the ownership check (a planned schema already claims the type). */
  readonly liveAnnotations: Readonly<Record<string, string>>;
}

export async function readSyncType(spec: SyncSpec, reader: CatalogReader): Promise<SyncType> {
  if (spec.declaredType === undefined) {
    const schema = await reader.findType(spec.catalogType);
    return {schema, exists: true, liveAnnotations: schema.annotations};
  }
  const existing = await findTypeIfExists(reader, spec.catalogType);
  const {changes, schema} = planType(spec.declaredType, existing, spec.name);
  return {
    schema,
    exists: existing !== undefined,
    liveAnnotations: existing?.annotations ?? {},
    ...(typeNeedsWrite(changes) ? {typeChanges: changes} : {}),
  };
}

/** Every sync's type, read one after the other (a few requests), by sync name. */
export async function readSyncTypes(loaded: LoadedSyncs, reader: CatalogReader): Promise<Map<string, SyncType>> {
  const types = new Map<string, SyncType>();
  for (const spec of loaded.config.syncs) types.set(spec.name, await readSyncType(spec, reader));
  return types;
}

/**
 * Sync names in an order where every sync comes after the syncs whose types its mapped attributes
 * reference; starts from the config's order (declared references), so ties keep it. Throws when types
 * that reference each other include one to be created: incident.io refuses an attribute that references
 * a type that does not exist, so neither could be created first.
 */
export function orderByTypes(loaded: LoadedSyncs, types: ReadonlyMap<string, SyncType>): string[] {
  const nodes: SyncNode[] = loaded.order.map((name) => {
    const {schema} = types.get(name)!;
    const mapped = new Set(loaded.syncs.find((s) => s.name === name)?.attributes.map((a) => a.name));
    const declared = loaded.config.syncs.find((s) => s.name === name)?.declaredType?.attributes ?? [];
    const live = schema.attributes.filter((a) => mapped.has(a.name) && isCustomReference(a)).map((a) => a.type);
    return {name, typeName: schema.typeName, references: [...new Set([...live, ...declared.map((a) => a.type)])]};
  });
  for (const {members, path} of referenceCycles(nodes)) {
    const missing = members.find((name) => !types.get(name)!.exists);
    if (missing === undefined) continue;
    const typeName = types.get(missing)!.schema.typeName;
    throw new DependencyCycleError(
      path,
      `Catalog type ${typeName} (sync "${missing}") does not exist yet, and ` +
        'incident.io refuses an attribute that references a type that does not exist: create the types first ' +
        'with one of these attributes left out (or made a String), then add it.',
    );
  }
  return orderSyncs(nodes);
}
