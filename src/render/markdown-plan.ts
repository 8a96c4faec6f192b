// Plans as Markdown for pull requests and GitHub step summaries: a summary table, then per sync a
// collapsible block with a ```diff of its changes. Cut at entry boundaries to stay under GitHub's
// 65,536-character comment limit, saying how many changes were left out. Pure.
import type {PlanAction, SyncPlan} from '../core/plan.js';
import {hasChanges, summarize} from '../core/plan.js';
import {formatValue, isMultiline} from './values.js';
import type {FieldValue, TypeChanges} from '../core/model.js';

/** GitHub refuses comments over 65,536 characters; keep a margin for what callers wrap around. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_BUDGET = GITHUB_COMMENT_LIMIT - 1_536;

function valueLines(sign: string, label: string, value: FieldValue): string[] {
  if (!isMultiline(value)) return [`${sign}     ${label} = ${formatValue(value)}`];
  return [
    `${sign}     ${label} = <<EOT`,
    ...value.split('\n').map((line) => (line === '' ? sign : `${sign}       ${line}`)),
    `${sign}     EOT`,
  ];
}

function entryLines(action: PlanAction): string[] {
  const title = `${action.externalId} ${JSON.stringify(action.name)}`;
  switch (action.action) {
    case 'create':
      return [
        `+ ${title}`,
        ...action.fields.filter((f) => f.label !== 'external_id').flatMap((f) => valueLines('+', f.label, f.value)),
      ];
    case 'delete':
      return [`- ${title}  (${action.reason})`];
    case 'update':
      return [
        `@@ ~ ${title} @@`,
        ...action.changes.flatMap((c) => [
          ...(c.before === undefined ? [] : valueLines('-', c.label, c.before)),
          ...(c.after === undefined ? [] : valueLines('+', c.label, c.after)),
        ]),
      ];
  }
}

function counts(plan: SyncPlan): string {
  const s = summarize([plan]);
  return `${s.create} to create, ${s.update} to update, ${s.delete} to delete`;
}

/** The type's own fields: all of them on a create, old and new of each changed one on an update. */
function typeFieldLines(t: TypeChanges): string[] {
  const d = t.declared;
  if (t.create) {
    const fields: Array<[string, FieldValue]> = [
      ['name', d.name],
      ['description', d.description],
      ['categories', d.categories.length > 0 ? d.categories : undefined],
      ['source_repo_url', d.sourceRepoUrl],
    ];
    return fields.filter(([, v]) => v !== undefined).map(([label, v]) => `+     ${label} = ${formatValue(v)}\n`);
  }
  return t.fields.flatMap((f) => [
    ...(f.before === undefined ? [] : [`-     ${f.label} = ${formatValue(f.before)}\n`]),
    ...(f.after === undefined ? [] : [`+     ${f.label} = ${formatValue(f.after)}\n`]),
  ]);
}

/** Says which targets a narrowed (--target) plan covers: the rest of the catalog was not compared. */
function narrowedNote(targets: readonly string[]): string {
  const shown = targets
    .slice(0, 10)
    .map((t) => `\`${t.replace(/`/g, "'")}\``)
    .join(', ');
  const more = targets.length > 10 ? ` and ${targets.length - 10} more` : '';
  return `Narrowed to ${shown}${more} (\`--target\`): the rest of the catalog was not compared.`;
}

export function renderPlanMarkdown(
  plans: readonly SyncPlan[],
  options: {title?: string; budget?: number} = {},
): string {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const sum = summarize(plans);
  const narrowedTo = plans.find((p) => p.narrowedTo !== undefined)?.narrowedTo;
  const head = [
    `## ${options.title ?? 'reconcile plan'}`,
    '',
    hasChanges(plans)
      ? `**Plan: ${sum.create} to create, ${sum.update} to update, ${sum.delete} to delete.**`
      : narrowedTo === undefined
        ? '**No changes.** The catalog matches the configuration.'
        : '**No changes** for the targets.',
    ...(narrowedTo === undefined ? [] : ['', narrowedNote(narrowedTo)]),
    '',
    '| sync | catalog type | create | update | delete | unchanged | skipped |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...plans.map((p) => {
      const s = summarize([p]);
      return `| \`${p.sync}\` | ${p.catalogTypeName.replace(/\|/g, '\\|')} | ${s.create} | ${s.update} | ${s.delete} | ${p.unchanged} | ${p.skipped.length} |`;
    }),
    '',
  ];
  let out = `${head.join('\n')}\n`;
  let omitted = 0;
  for (const plan of plans) {
    if (plan.actions.length === 0 && plan.claimType === undefined && plan.typeChanges === undefined) continue;
    const open = `<details><summary><b>${plan.sync}</b>: ${counts(plan)}</summary>\n\n\`\`\`diff\n`;
    const close = '```\n\n</details>\n\n';
    const note = (n: number): string =>
      `# … ${n} more change${n === 1 ? '' : 's'} not shown here: GitHub limits a comment to ${GITHUB_COMMENT_LIMIT} characters. The job log has the full plan.\n`;
    if (out.length + open.length + close.length + 200 > budget) {
      omitted += plan.actions.length;
      continue;
    }
    let block = open;
    if (plan.claimType !== undefined)
      block += `@@ ~ catalog type "${plan.catalogTypeName}": annotations["reconcile.sync-id"] = "${plan.sync}" @@\n`;
    const t = plan.typeChanges;
    if (t !== undefined) {
      block += `@@ ${t.create ? '+' : '~'} catalog type "${t.declared.name}" (${t.declared.typeName}) @@\n`;
      block += typeFieldLines(t).join('');
      for (const a of t.added) block += `+     attribute "${a.name}" (${a.type}${a.array ? '[]' : ''})\n`;
      for (const c of t.changed)
        block += `-     attribute "${c.before.name}" (${c.before.type})\n+     attribute "${c.after.name}" (${c.after.type})\n`;
      for (const a of t.removed) block += `-     attribute "${a.name}" (${a.type}): its values are destroyed\n`;
    }
    let shown = 0;
    for (const action of plan.actions) {
      const text = entryLines(action).join('\n') + '\n';
      if (out.length + block.length + text.length + close.length + 200 > budget) break;
      block += text;
      shown += 1;
    }
    if (shown < plan.actions.length) {
      block += note(plan.actions.length - shown);
      omitted += plan.actions.length - shown;
    }
    out += block + close;
  }
  if (omitted > 0) out += `_${omitted} change${omitted === 1 ? '' : 's'} left out to fit GitHub's limits._\n`;
  return out;
}
