// Compiles each JSONata expression of the config once, and turns compile errors into
// file:line:col diagnostics. Evaluation lives in map-entities.ts.
import jsonata from 'jsonata';
import type {Diagnostic} from '../core/errors.js';
import type {Expression} from '../config/types.js';

export type Compiled = jsonata.Expression;

interface JsonataError {
  readonly code?: string;
  readonly position?: number;
  readonly token?: string;
  readonly message?: string;
}

function locationOf(expression: Expression, error: JsonataError): Diagnostic['location'] {
  const {location} = expression;
  if (!expression.singleLine || typeof error.position !== 'number') return location;
  // JSONata reports the offset just past the offending token; point at its first character.
  const width = error.token === undefined || error.token === '(end)' ? 1 : error.token.length;
  const start = Math.max(0, error.position - width);
  return {...location, col: location.col + expression.columnOffset + start};
}

export function compileExpression(expression: Expression): {compiled?: Compiled; diagnostic?: Diagnostic} {
  try {
    return {compiled: jsonata(expression.source)};
  } catch (raw) {
    const error = raw as JsonataError;
    const code = error.code === undefined ? '' : ` (${error.code})`;
    return {diagnostic: {location: locationOf(expression, error), message: `JSONata: ${error.message ?? 'invalid expression'}${code}`}};
  }
}

/** Compiles all expressions; every failure is reported, not just the first. */
export function compileAll(expressions: readonly Expression[]): {compiled: Map<Expression, Compiled>; diagnostics: Diagnostic[]} {
  const compiled = new Map<Expression, Compiled>();
  const diagnostics: Diagnostic[] = [];
  for (const expression of expressions) {
    const result = compileExpression(expression);
    if (result.compiled !== undefined) compiled.set(expression, result.compiled);
    if (result.diagnostic !== undefined) diagnostics.push(result.diagnostic);
  }
  return {compiled, diagnostics};
}
