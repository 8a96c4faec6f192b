// A CatalogReader that reads the list of catalog types once: a plan finds its syncs' types, the
// declared ones and the referenced ones in a single GET /v3/catalog_types. For one plan's reads
// only: a type written afterwards is not seen.
import type {CatalogTypeSchema} from '../core/model.js';
import type {CatalogReader} from '../core/ports.js';
import {typeIn} from '../core/type-lookup.js';

export function readTypesOnce(reader: CatalogReader): CatalogReader {
  let types: Promise<CatalogTypeSchema[]> | undefined;
  const listTypes = (): Promise<CatalogTypeSchema[]> => (types ??= reader.listTypes());
  return {
    listTypes,
    findType: async (ref) => typeIn(await listTypes(), ref),
    listEntries: (catalogTypeId) => reader.listEntries(catalogTypeId),
    findEntries: (catalogTypeId, identifier) => reader.findEntries(catalogTypeId, identifier),
    entryPages: (catalogTypeId) => reader.entryPages(catalogTypeId),
  };
}
