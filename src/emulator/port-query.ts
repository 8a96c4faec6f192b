// Port's search rules evaluated on entities: groups nested at any depth; comparisons on a property,
// meta-property, relation, property schema or path of relations; relatedTo. A rule Port refuses (no
// operator, a value missing or where none is taken, relatedTo without blueprint) is a 422 upstream.
// Assumptions where Port's docs are silent: relatedTo follows direct relations only (Port walks the
// graph further); a client-credentials token has no user, so {context: user|userTeams} reads nothing.
import {isRecord} from './http-kit.js';
import type {PortEntity, PortState} from './state.js';

export type Predicate = (entity: PortEntity) => boolean;
type Test = (actual: unknown, value: unknown) => boolean;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const text = (a: unknown, v: unknown, f: (a: string, v: string) => boolean): boolean =>
  list(a).some((x) => typeof x === 'string' && typeof v === 'string' && f(x, v));
const empty = (a: unknown): boolean =>
  a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0);
const compare = (a: unknown, v: unknown, f: (a: number | string, v: number | string) => boolean): boolean =>
  (typeof a === 'number' && typeof v === 'number') || (typeof a === 'string' && typeof v === 'string')
    ? f(a, v)
    : false;
/** Served entities are copies (mirrors filled in): compare by blueprint and identifier. */
const same = (x: PortEntity, y: PortEntity): boolean =>
  x.identifier === y.identifier && x['blueprint'] === y['blueprint'];

const OPERATORS: Record<string, Test> = {
  '=': (a, v) => (Array.isArray(a) ? a.includes(v) : a === v),
  '!=': (a, v) => (Array.isArray(a) ? !a.includes(v) : a !== v),
  '>': (a, v) => compare(a, v, (x, y) => x > y),
  '>=': (a, v) => compare(a, v, (x, y) => x >= y),
  '<': (a, v) => compare(a, v, (x, y) => x < y),
  '<=': (a, v) => compare(a, v, (x, y) => x <= y),
  in: (a, v) => Array.isArray(v) && list(a).some((x) => v.includes(x)),
  notIn: (a, v) => Array.isArray(v) && !list(a).some((x) => v.includes(x)),
  contains: (a, v) => text(a, v, (x, y) => x.includes(y)) || (Array.isArray(a) && a.includes(v)),
  doesNotContains: (a, v) => !(text(a, v, (x, y) => x.includes(y)) || (Array.isArray(a) && a.includes(v))),
  containsAny: (a, v) => list(a).some((x) => list(v).includes(x)),
  beginsWith: (a, v) => text(a, v, (x, y) => x.startsWith(y)),
  doesNotBeginsWith: (a, v) => !text(a, v, (x, y) => x.startsWith(y)),
  endsWith: (a, v) => text(a, v, (x, y) => x.endsWith(y)),
  doesNotEndsWith: (a, v) => !text(a, v, (x, y) => x.endsWith(y)),
  matchAny: (a, v) => list(a).some((x) => list(v).includes(x)),
  isEmpty: (a) => empty(a),
  isNotEmpty: (a) => !empty(a),
};

function read(entity: PortEntity, property: string): unknown {
  if (property === '$identifier') return entity.identifier;
  if (property === '$title') return entity['title'];
  if (property === '$team') return entity['team'];
  if (property === '$blueprint') return entity['blueprint'];
  const properties = isRecord(entity['properties']) ? entity['properties'] : {};
  if (Object.hasOwn(properties, property)) return properties[property];
  return isRecord(entity['relations']) ? entity['relations'][property] : undefined;
}

class Graph {
  constructor(private readonly state: PortState) {}

  relationDef(blueprint: unknown, relation: string): {target: string; required: boolean} | undefined {
    const relations = this.state.blueprints.find((b) => b.identifier === blueprint)?.['relations'];
    const def = isRecord(relations) ? relations[relation] : undefined;
    if (!isRecord(def) || typeof def['target'] !== 'string') return undefined;
    return {target: def['target'], required: def['required'] === true};
  }

  /** Entities `from` points at through `relation`. */
  follow(from: PortEntity, relation: string): PortEntity[] {
    const def = this.relationDef(from['blueprint'], relation);
    if (def === undefined) return [];
    const ids = list(isRecord(from['relations']) ? from['relations'][relation] : undefined);
    return (this.state.entities[def.target] ?? []).filter((e) => ids.includes(e.identifier));
  }

  /** Where a path of relations leads; {relation, maxHops} takes 1 to maxHops hops and keeps every stop. */
  walk(start: PortEntity[], path: readonly unknown[]): PortEntity[] {
    let at = start;
    for (const step of path) {
      if (typeof step === 'string') {
        at = at.flatMap((e) => this.follow(e, step));
        continue;
      }
      const relation = isRecord(step) ? String(step['relation']) : '';
      const hops = isRecord(step) && typeof step['maxHops'] === 'number' ? step['maxHops'] : 1;
      const reached = new Set<PortEntity>();
      let frontier = at;
      for (let hop = 0; hop < hops; hop += 1) {
        frontier = frontier.flatMap((e) => this.follow(e, relation));
        for (const e of frontier) reached.add(e);
      }
      at = [...reached];
    }
    return at;
  }

  entities(blueprint: string): PortEntity[] {
    return this.state.entities[blueprint] ?? [];
  }
}

/** What a rule compares: a value read off the entity, or (a downstream path) whether the entity is reached. */
type Subject =
  | {readonly read: (e: PortEntity) => unknown}
  | {readonly reached: (e: PortEntity, selects: (identifier: string) => boolean) => boolean};

function subject(rule: Record<string, unknown>, graph: Graph): Subject | string {
  const property = rule['property'];
  if (typeof property === 'string') return {read: (e) => read(e, property)};
  if (isRecord(property) && typeof property['context'] === 'string') return {read: () => undefined};
  if (isRecord(property) && Array.isArray(property['path'])) {
    const path = property['path'];
    const from = property['fromBlueprint'];
    if (typeof from !== 'string') return {read: (e) => graph.walk([e], path).map((x) => x.identifier)};
    // Downstream: start from the fromBlueprint entities the rule selects; keep the entities the path reaches.
    return {
      reached: (e, selects) =>
        graph
          .walk(
            graph.entities(from).filter((s) => selects(s.identifier)),
            path,
          )
          .some((x) => same(x, e)),
    };
  }
  const relation = rule['relation'];
  if (typeof relation === 'string') {
    return {read: (e) => (isRecord(e['relations']) ? e['relations'][relation] : undefined)};
  }
  if (isRecord(rule['propertySchema'])) return 'propertySchema rules are not supported by the emulator';
  if (rule['scorecard'] !== undefined) return 'scorecard rules are not supported by the emulator';
  return 'a rule needs property, relation, propertySchema or scorecard (or operator relatedTo)';
}

function relatedTo(rule: Record<string, unknown>, graph: Graph): Predicate | string {
  const blueprint = rule['blueprint'];
  if (typeof blueprint !== 'string') return 'a relatedTo rule needs blueprint';
  const wanted = list(rule['value']);
  const required = typeof rule['required'] === 'boolean' ? rule['required'] : undefined;
  const relationsOf = (e: PortEntity): string[] => Object.keys(isRecord(e['relations']) ? e['relations'] : {});
  const fits = (owner: unknown, r: string): boolean =>
    required === undefined || graph.relationDef(owner, r)?.required === required;
  const points = (from: PortEntity, r: string, to: (x: PortEntity) => boolean): boolean =>
    graph.follow(from, r).some(to);
  const named = graph.entities(blueprint).filter((v) => wanted.includes(v.identifier));
  // upstream: what the named entities depend on; downstream: what depends on them.
  const upstream: Predicate = (e) =>
    named.some((v) => relationsOf(v).some((r) => fits(blueprint, r) && points(v, r, (x) => same(x, e))));
  const downstream: Predicate = (e) =>
    relationsOf(e).some((r) => {
      const into = graph.relationDef(e['blueprint'], r)?.target === blueprint;
      return into && fits(e['blueprint'], r) && points(e, r, (x) => wanted.includes(x.identifier));
    });
  if (rule['direction'] === 'upstream') return upstream;
  if (rule['direction'] === 'downstream') return downstream;
  return (e) => upstream(e) || downstream(e);
}

function compileRule(rule: unknown, graph: Graph): Predicate | string {
  if (!isRecord(rule) || typeof rule['operator'] !== 'string') return 'each rule needs an operator';
  const operator = rule['operator'];
  if (operator === 'isEmpty' || operator === 'isNotEmpty') {
    if (rule['value'] !== undefined) return `operator "${operator}" takes no value`;
  } else if (rule['value'] === undefined) return `operator "${operator}" needs a value`;
  if (operator === 'relatedTo') return relatedTo(rule, graph);
  const test = OPERATORS[operator];
  if (test === undefined) return `operator "${operator}" is not supported by the emulator`;
  // {context, property} values read the calling user, and a client-credentials token has none.
  const value = isRecord(rule['value']) && typeof rule['value']['context'] === 'string' ? undefined : rule['value'];
  const on = subject(rule, graph);
  if (typeof on === 'string') return on;
  if ('reached' in on) return (e) => on.reached(e, (identifier) => test(identifier, value));
  return (e) => test(on.read(e), value);
}

/** Compiles a query to a predicate, or returns the reason it is not a valid query. */
export function compileQuery(query: unknown, state: PortState): Predicate | string {
  if (!isRecord(query)) return 'query must be an object';
  const combinator = query['combinator'];
  if (combinator !== 'and' && combinator !== 'or') return 'query.combinator must be "and" or "or"';
  if (!Array.isArray(query['rules'])) return 'query.rules must be an array';
  const graph = new Graph(state);
  const parts: Predicate[] = [];
  for (const rule of query['rules']) {
    const part = isRecord(rule) && 'combinator' in rule ? compileQuery(rule, state) : compileRule(rule, graph);
    if (typeof part === 'string') return part;
    parts.push(part);
  }
  return combinator === 'and' ? (e) => parts.every((p) => p(e)) : (e) => parts.some((p) => p(e));
}
