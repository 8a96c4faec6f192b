// Finds a catalog type in the list incident.io answers with, by ID first, then by type_name; the
// error lists the types there are, so a typo is fixed at once. Pure.
import {CatalogTypeNotFoundError} from './errors.js';
import type {CatalogTypeSchema} from './model.js';

export function typeIn(types: readonly CatalogTypeSchema[], ref: string): CatalogTypeSchema {
  const found = types.find((t) => t.id === ref) ?? types.find((t) => t.typeName === ref);
  if (found !== undefined) return found;
  const known = types.map((t) => `  ${t.id}  ${t.typeName}  "${t.name}"`);
  throw new CatalogTypeNotFoundError(
    [
      `incident.io has no catalog type with ID or type_name "${ref}".`,
      known.length > 0 ? 'Types it has:' : 'It has no catalog types.',
      ...known,
    ].join('\n'),
  );
}
