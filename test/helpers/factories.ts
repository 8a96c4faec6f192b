// Factories for the core model: a schema with the guide's five attributes, entries and entities.
import type {
  CatalogAttribute,
  CatalogEntry,
  CatalogTypeSchema,
  DesiredEntry,
  SourceEntity,
} from '../../src/core/model.js';

export function attribute(name: string, type = 'String', extra: Partial<CatalogAttribute> = {}): CatalogAttribute {
  return {id: `attr-${name}`, name, type, array: false, mode: 'api', ...extra};
}

export function schema(
  attributes: CatalogAttribute[] = ['url', 'language', 'lifecycle', 'type']
    .map((n) => attribute(n))
    .concat(attribute('readme', 'Text')),
): CatalogTypeSchema {
  return {
    id: 'type-1',
    name: 'Port Services',
    typeName: 'Custom["PortServices"]',
    version: 1,
    attributes,
    annotations: {},
  };
}

export function desired(externalId: string, overrides: Partial<DesiredEntry> = {}): DesiredEntry {
  return {
    sourceId: externalId,
    externalId,
    name: externalId.toUpperCase(),
    attributes: {'attr-url': `https://x/${externalId}`},
    ...overrides,
  };
}

export function current(externalId: string | undefined, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: `entry-${externalId ?? 'hand'}`,
    name: (externalId ?? 'hand').toUpperCase(),
    aliases: [],
    rank: 0,
    attributes: {'attr-url': `https://x/${externalId ?? 'hand'}`},
    updatedAt: '2026-01-01T00:00:00Z',
    ...(externalId === undefined ? {} : {externalId}),
    ...overrides,
  };
}

export function entity(
  identifier: string,
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): SourceEntity {
  return {
    identifier,
    title: identifier.toUpperCase(),
    blueprint: 'service',
    team: [],
    relations: {},
    properties,
    ...extra,
  };
}
