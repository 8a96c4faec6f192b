// `validate --remote`: every mapped property path against its blueprint's schema, and every
// attribute against the live (or declared) catalog type. Reads only; lists every problem.
import {compatible, type BlueprintProperty} from '../core/blueprint-mapping.js';
import {findTypeIfExists} from './find-type.js';
import type {CatalogReader} from '../core/ports.js';
import type {SyncSpec} from '../config/types.js';
import type {PortBlueprint} from '../sources/port/port-client.js';

const BUILT_IN = new Set([
  'identifier',
  'title',
  'icon',
  'blueprint',
  'team',
  'properties',
  'relations',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'scorecards',
]);
const PATH = /^(properties|relations)\.(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)$/;

/** What a plain path expression reads: a property, a relation, a built-in field, or something else. */
function target(
  expression: string,
): {kind: 'properties' | 'relations'; key: string} | {kind: 'builtin'; key: string} | undefined {
  const m = PATH.exec(expression.trim());
  if (m !== null) return {kind: m[1] as 'properties' | 'relations', key: m[2] ?? m[3]!};
  return /^[A-Za-z_]+$/.test(expression.trim()) ? {kind: 'builtin', key: expression.trim()} : undefined;
}

/** `properties`: what the blueprint's entities hold in `properties` (schema, mirror, calculation, aggregation). */
export async function checkSyncRemotely(
  spec: SyncSpec,
  blueprint: PortBlueprint,
  properties: Readonly<Record<string, BlueprintProperty>>,
  reader: CatalogReader,
): Promise<string[]> {
  const problems: string[] = [];
  const relations = blueprint.relations ?? {};
  const where = `sync "${spec.name}"`;

  let attributes: ReadonlyArray<{name: string; type: string; array: boolean}>;
  let typeLabel: string;
  // An existing type must exist; a declared one may not have been created yet.
  const live =
    spec.declaredType === undefined
      ? await reader.findType(spec.catalogType)
      : await findTypeIfExists(reader, spec.catalogType);
  if (live !== undefined) {
    attributes = [
      ...live.attributes,
      ...(spec.declaredType?.attributes ?? []).filter((d) => !live.attributes.some((a) => a.name === d.name)),
    ];
    typeLabel = `catalog type "${live.name}"`;
  } else {
    attributes = spec.declaredType!.attributes;
    typeLabel = `declared type ${spec.declaredType!.typeName} (not created yet)`;
  }

  const fields: Array<[string, string]> = [
    ['entry.externalId', spec.externalId.source],
    ['entry.name', spec.entryName.source],
    ...spec.attributes.map((a): [string, string] => [`attribute "${a.name}"`, a.expression.source]),
  ];
  for (const [field, expression] of fields) {
    const read = target(expression);
    if (read === undefined) continue; // a computed expression: only evaluation can tell
    if (read.kind === 'builtin') {
      if (!BUILT_IN.has(read.key))
        problems.push(
          `${where}: ${field} ← ${expression}: Port entities have no field "${read.key}" (did you mean properties.${read.key}?)`,
        );
      continue;
    }
    const known = read.kind === 'properties' ? properties : relations;
    if (!Object.hasOwn(known, read.key)) {
      problems.push(
        `${where}: ${field} ← ${expression}: blueprint "${blueprint.identifier}" has no ${read.kind === 'properties' ? 'property' : 'relation'} "${read.key}" (it has: ${Object.keys(known).join(', ') || 'none'})`,
      );
      continue;
    }
    const attribute = field.startsWith('attribute')
      ? attributes.find((a) => `attribute "${a.name}"` === field)
      : undefined;
    // An untyped property (a mirror whose type could not be found) is left to evaluation.
    const typed = read.kind === 'properties' && properties[read.key]?.type !== undefined;
    if (typed && attribute !== undefined && !compatible(properties[read.key]!, attribute)) {
      const property = properties[read.key]!;
      problems.push(
        `${where}: ${field} (${attribute.type}${attribute.array ? '[]' : ''}) ← ${expression}: the property is ${property.type ?? 'untyped'}${property.format === undefined ? '' : ` (${property.format})`}, which that attribute cannot hold`,
      );
    }
  }
  for (const mapped of spec.attributes) {
    if (!attributes.some((a) => a.name === mapped.name))
      problems.push(
        `${where}: attribute "${mapped.name}": ${typeLabel} has no attribute by that name (it has: ${attributes.map((a) => a.name).join(', ') || 'none'})`,
      );
  }
  return problems;
}
