// Port's search rules ({combinator, rules: [{property, operator, value}]}) evaluated on entities,
// for the subset of operators the emulator supports; anything else is a 422 upstream.
import {isRecord} from './http-kit.js';
import type {PortEntity} from './state.js';

export type Predicate = (entity: PortEntity) => boolean;

function read(entity: PortEntity, property: string): unknown {
  if (property === '$identifier') return entity.identifier;
  if (property === '$title') return entity['title'];
  if (property === '$team') return entity['team'];
  if (property === '$blueprint') return entity['blueprint'];
  const properties = isRecord(entity['properties']) ? entity['properties'] : {};
  if (property in properties) return properties[property];
  return isRecord(entity['relations']) ? entity['relations'][property] : undefined;
}

const OPERATORS: Record<string, (actual: unknown, value: unknown) => boolean> = {
  '=': (a, v) => (Array.isArray(a) ? a.includes(v) : a === v),
  '!=': (a, v) => (Array.isArray(a) ? !a.includes(v) : a !== v),
  in: (a, v) => Array.isArray(v) && (Array.isArray(a) ? a.some((x) => v.includes(x)) : v.includes(a)),
  notIn: (a, v) => Array.isArray(v) && !(Array.isArray(a) ? a.some((x) => v.includes(x)) : v.includes(a)),
  contains: (a, v) => (typeof a === 'string' && typeof v === 'string' ? a.includes(v) : Array.isArray(a) && a.includes(v)),
  isEmpty: (a) => a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0),
  isNotEmpty: (a) => !(a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0)),
};

/** Compiles a query to a predicate, or returns the reason it is not a valid query. */
export function compileQuery(query: unknown): Predicate | string {
  if (!isRecord(query)) return 'query must be an object';
  const combinator = query['combinator'];
  if (combinator !== 'and' && combinator !== 'or') return 'query.combinator must be "and" or "or"';
  if (!Array.isArray(query['rules'])) return 'query.rules must be an array';
  const parts: Predicate[] = [];
  for (const rule of query['rules']) {
    if (isRecord(rule) && 'combinator' in rule) {
      const nested = compileQuery(rule);
      if (typeof nested === 'string') return nested;
      parts.push(nested);
      continue;
    }
    if (!isRecord(rule) || typeof rule['property'] !== 'string' || typeof rule['operator'] !== 'string') return 'each rule needs property and operator';
    const test = OPERATORS[rule['operator']];
    if (test === undefined) return `operator "${rule['operator']}" is not supported by the emulator`;
    const property = rule['property'];
    const value = rule['value'];
    parts.push((entity) => test(read(entity, property), value));
  }
  return combinator === 'and' ? (e) => parts.every((p) => p(e)) : (e) => parts.some((p) => p(e));
}
