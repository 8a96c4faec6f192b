// Port fills mirror properties from related entities when it serves an entity: `path` is relations,
// then a property or meta-property of the entity at the end (`team.slack`, `team.$title`). The
// emulator does the same, so a client reads them where Port puts them: in `properties`.
import {isRecord} from './http-kit.js';
import type {PortEntity, PortState} from './state.js';

type Blueprint = PortState['blueprints'][number];

type Relation = {target: string; many: boolean};

function relationTarget(blueprint: Blueprint | undefined, relation: string): Relation | undefined {
  const relations = blueprint?.['relations'];
  const found = isRecord(relations) ? relations[relation] : undefined;
  if (!isRecord(found) || typeof found['target'] !== 'string') return undefined;
  return {target: found['target'], many: found['many'] === true};
}

function readEnd(entity: PortEntity, key: string): unknown {
  if (key.startsWith('$')) return entity[key.slice(1)] ?? null;
  const properties = entity['properties'];
  return isRecord(properties) && Object.hasOwn(properties, key) ? properties[key] : null;
}

/** The value of a mirror `path` for `entity`: an array when a `many` relation is on the way. */
export function mirrorValue(state: PortState, entity: PortEntity, path: string): unknown {
  const steps = path.split('.');
  const last = steps.pop() ?? '';
  let at: PortEntity[] = [entity];
  let many = false;
  for (const step of steps) {
    const next: PortEntity[] = [];
    for (const from of at) {
      const relation = relationTarget(
        state.blueprints.find((b) => b.identifier === from['blueprint']),
        step,
      );
      if (relation === undefined) continue;
      many ||= relation.many;
      const raw = isRecord(from['relations']) ? from['relations'][step] : undefined;
      const ids = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
      const pool = state.entities[relation.target] ?? [];
      next.push(...pool.filter((e) => ids.includes(e.identifier)));
    }
    at = next;
  }
  const values = at.map((e) => readEnd(e, last));
  return many ? values.filter((v) => v !== null) : (values[0] ?? null);
}

/** A blueprint's entities as Port serves them: their mirror properties filled in. */
export function withMirrors(state: PortState, blueprint: string, entities: PortEntity[]): PortEntity[] {
  const mirrors = state.blueprints.find((b) => b.identifier === blueprint)?.['mirrorProperties'];
  if (!isRecord(mirrors) || Object.keys(mirrors).length === 0) return entities;
  return entities.map((entity) => {
    const properties: Record<string, unknown> = {...(isRecord(entity['properties']) ? entity['properties'] : {})};
    for (const [name, mirror] of Object.entries(mirrors)) {
      if (!isRecord(mirror) || typeof mirror['path'] !== 'string') continue;
      properties[name] = mirrorValue(state, entity, mirror['path']);
    }
    return {...entity, properties};
  });
}
