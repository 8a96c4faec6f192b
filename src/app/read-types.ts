// Reads every sync's catalog type before any entry, and orders the syncs by the references their
// types hold: declared attributes, and the live attributes of `catalogType:` syncs, which only the
// live type knows. A cycle is an error, raised before any write. Reads only.
import type {CatalogTypeSchema, TypeChanges} from '../core/model.js';
import type {CatalogReader} from '../core/ports.js';
import {isCustomReference} from '../core/references.js';
import {orderSyncs} from '../core/sync-order.js';
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
    schema, exists: existing !== undefined, liveAnnotations: existing?.annotations ?? {},
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
 * reference; starts from the config's order (declared references), so ties keep it.
 */
export function orderByTypes(loaded: LoadedSyncs, types: ReadonlyMap<string, SyncType>): string[] {
  return orderSyncs(loaded.order.map((name) => {
    const {schema} = types.get(name)!;
    const mapped = new Set(loaded.syncs.find((s) => s.name === name)?.attributes.map((a) => a.name));
    const references = schema.attributes.filter((a) => mapped.has(a.name) && isCustomReference(a)).map((a) => a.type);
    return {name, typeName: schema.typeName, references};
  }));
}
