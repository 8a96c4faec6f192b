// ${VAR} and ${VAR:-default} in string values, resolved from the environment given.
// Works on the YAML document so a missing variable can be reported at its line and column.
import {isScalar, Scalar, visit, type Document, type LineCounter} from 'yaml';
import type {Diagnostic} from '../core/errors.js';

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Env = Readonly<Record<string, string | undefined>>;

/** Replaces ${…} in one string; calls `missing` with the offset of each unset variable. */
export function interpolateString(text: string, env: Env, missing: (name: string, offset: number) => void): string {
  return text.replace(PATTERN, (match, name: string, fallback: string | undefined, offset: number) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    missing(name, offset);
    return match;
  });
}

function quoteWidth(node: Scalar): number {
  return node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
}

/** Interpolates every string scalar value of the document in place; returns one diagnostic per unset variable. */
export function interpolateDocument(doc: Document, lineCounter: LineCounter, file: string, env: Env): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !isScalar(node)) return;
      const start = node.range?.[0] ?? 0;
      const plainLine =
        node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      node.value = interpolateString(node.value, env, (name, offset) => {
        const at = lineCounter.linePos(start + (plainLine ? quoteWidth(node) + offset : 0));
        diagnostics.push({
          location: {file, line: at.line, col: at.col},
          message: `environment variable ${name} is not set (use \${${name}:-default} for a fallback)`,
        });
      });
    },
  });
  return diagnostics;
}
