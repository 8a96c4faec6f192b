// How a single field value is written in terraform-style output, and multi-line text as a line diff.
import {diffLines} from 'diff';
import type {FieldValue} from '../core/model.js';
import type {Style} from './style.js';

export function formatValue(value: FieldValue): string {
  if (value === undefined) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
}

export function isMultiline(value: FieldValue): value is string {
  return typeof value === 'string' && value.includes('\n');
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A heredoc body: each line of `text` indented, for a created or deleted multi-line value. */
export function heredoc(text: string, indent: string): string[] {
  return ['<<-EOT', ...linesOf(text).map((line) => (line === '' ? '' : `${indent}    ${line}`)), `${indent}  EOT`];
}

/** A heredoc whose lines are a line diff of before → after: `-`, `+` or two spaces in front. */
export function heredocDiff(before: string, after: string, indent: string, style: Style): string[] {
  const out = ['<<-EOT'];
  // Both sides end in a newline, so a last line that gained a successor is not shown as changed.
  const terminated = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);
  for (const part of diffLines(terminated(before), terminated(after))) {
    for (const line of linesOf(part.value)) {
      if (part.added) out.push(style.green(`${indent}  + ${line}`));
      else if (part.removed) out.push(style.red(`${indent}  - ${line}`));
      else out.push(line === '' ? '' : `${indent}    ${line}`);
    }
  }
  out.push(`${indent}  EOT`);
  return out;
}
