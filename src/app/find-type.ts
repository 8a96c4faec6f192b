// A catalog type by ID or type_name, or undefined when incident.io has none: for declared types,
// which may not exist yet. Any other failure (auth, network) still throws.
import {CatalogTypeNotFoundError} from '../core/errors.js';
import type {CatalogTypeSchema} from '../core/model.js';
import type {CatalogReader} from '../core/ports.js';

export async function findTypeIfExists(reader: CatalogReader, ref: string): Promise<CatalogTypeSchema | undefined> {
  try {
    return await reader.findType(ref);
  } catch (error) {
    if (error instanceof CatalogTypeNotFoundError) return undefined;
    throw error;
  }
}
