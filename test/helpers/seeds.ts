// Seeds for the emulator at scale: N service entities in Port and, when asked, the entries a full
// apply would have left for them (the type claimed by sync "services"), without running one.
import {demoSeed, DEMO_TYPE_ID, type Seed, type SeedEntity, type SeedEntry} from './emulator.js';

export const ATTRIBUTE_IDS = {
  url: '01J5RBA0URL000000000000000',
  readme: '01J5RBA0README000000000000',
  language: '01J5RBA0LANGUAGE0000000000',
  lifecycle: '01J5RBA0LIFECYCLE000000000',
  type: '01J5RBA0TYPE00000000000000',
} as const;

export function serviceId(i: number): string {
  return `svc-${String(i).padStart(6, '0')}`;
}

/** A service entity with the five properties examples/sync.config.yaml maps. */
export interface ServiceEntity extends SeedEntity {
  title: string;
  properties: Record<keyof typeof ATTRIBUTE_IDS, string>;
}

export function serviceEntity(i: number, lifecycle = 'Production'): ServiceEntity {
  return {
    identifier: serviceId(i),
    title: `Service ${i}`,
    team: [],
    relations: {},
    properties: {
      url: `https://github.com/acme/svc-${i}`,
      readme: `# Service ${i}`,
      language: 'Go',
      lifecycle,
      type: 'Backend',
    },
  };
}

/** The entry examples/sync.config.yaml maps an entity to, as incident.io stores it. */
export function entryFor(entity: ServiceEntity, externalId: string = entity.identifier): SeedEntry {
  const literal = (value: string): {value: {literal: string}} => ({value: {literal: value}});
  const values = Object.fromEntries(
    Object.entries(ATTRIBUTE_IDS).map(([name, id]) => [
      id,
      literal(entity.properties[name as keyof typeof ATTRIBUTE_IDS]),
    ]),
  );
  return {
    catalog_type_id: DEMO_TYPE_ID,
    name: entity.title,
    external_id: externalId,
    aliases: [],
    rank: 0,
    attribute_values: values,
  };
}

/**
 * The demo seed with `n` services, every one already in the catalog (the hand-made entry kept), and
 * the type claimed by sync "services", as the first full apply leaves it.
 */
export function syncedSeed(n: number, externalId: (identifier: string) => string = (id) => id): Seed<'service'> {
  const seed = demoSeed();
  const entities = Array.from({length: n}, (_, i) => serviceEntity(i));
  seed.port.entities.service = entities;
  seed.incident.entries = [...seed.incident.entries, ...entities.map((e) => entryFor(e, externalId(e.identifier)))];
  seed.incident.catalogTypes[0]!.annotations = {'reconcile.sync-id': 'services'};
  return seed;
}
