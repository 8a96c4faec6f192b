// A declared type's changes in terraform style, shown before its entries.
import type {TypeChanges} from '../core/model.js';
import type {Style} from './style.js';
import {formatValue} from './values.js';

const kind = (a: {type: string; array: boolean}): string => `${a.type}${a.array ? '[]' : ''}`;

export function renderTypeChanges(changes: TypeChanges, s: Style): string[] {
  const d = changes.declared;
  const title = `${JSON.stringify(d.name)} (${d.typeName})`;
  const lines: string[] = [];
  if (changes.create) {
    lines.push(
      s.bold(`  # catalog type ${title}`) + ` will be ${s.bold(s.green('created'))}`,
      s.green(`  + type ${JSON.stringify(d.typeName)} {`),
    );
    lines.push(
      `      ${s.green('+')} name        = ${JSON.stringify(d.name)}`,
      `      ${s.green('+')} description = ${JSON.stringify(d.description)}`,
    );
    if (d.categories.length > 0) lines.push(`      ${s.green('+')} categories  = ${formatValue(d.categories)}`);
    if (d.sourceRepoUrl !== undefined) {
      lines.push(`      ${s.green('+')} source_repo_url = ${JSON.stringify(d.sourceRepoUrl)}`);
    }
  } else {
    lines.push(
      s.bold(`  # catalog type ${title}`) + ` will be ${s.bold(s.yellow('updated in-place'))}`,
      s.yellow(`  ~ type ${JSON.stringify(d.typeName)} {`),
    );
    for (const f of changes.fields)
      lines.push(`      ${s.yellow('~')} ${f.label} = ${formatValue(f.before)} -> ${formatValue(f.after)}`);
    if (changes.updateType && changes.fields.length === 0)
      lines.push(`      ${s.yellow('~')} annotations (reconcile.sync-id, reconcile.attributes)`);
  }
  for (const a of changes.added) lines.push(`      ${s.green('+')} attribute ${JSON.stringify(a.name)} (${kind(a)})`);
  for (const c of changes.changed)
    lines.push(
      `      ${s.yellow('~')} attribute ${JSON.stringify(c.after.name)}: ${kind(c.before)} -> ${kind(c.after)}`,
    );
  for (const a of changes.removed)
    lines.push(
      `      ${s.red('-')} attribute ${JSON.stringify(a.name)} (${kind(a)}): its values in every entry are destroyed`,
    );
  lines.push('    }', '');
  return lines;
}
