// Renders plans the way `terraform plan` does: legend, one block per entry action, then the
// one-line summary. Pure: returns text; the caller decides where it goes and whether it is coloured.
import type {CreateAction, DeleteAction, Field, PlanAction, SyncPlan, UpdateAction} from '../core/plan.js';
import {hasChanges, summarize} from '../core/plan.js';
import type {Style} from './style.js';
import {formatValue, heredoc, heredocDiff, isMultiline} from './values.js';
import {COMPACT_ABOVE, renderCompactAction} from './compact-plan.js';
import {renderTypeChanges} from './text-type.js';

const INDENT = '      ';

function assignment(sign: string, label: string, width: number, rendered: string[]): string[] {
  const [first, ...rest] = rendered;
  return [`${INDENT}${sign} ${label.padEnd(width)} = ${first ?? ''}`, ...rest];
}

function fieldLines(sign: string, fields: readonly Field[], toNull: boolean): string[] {
  const width = Math.max(0, ...fields.map((f) => f.label.length));
  return fields.flatMap((f) => {
    const rendered = isMultiline(f.value)
      ? heredoc(f.value, INDENT)
      : [formatValue(f.value) + (toNull ? ' -> null' : '')];
    if (toNull && isMultiline(f.value)) rendered[rendered.length - 1] += ' -> null';
    return assignment(sign, f.label, width, rendered);
  });
}

function renderCreate(action: CreateAction, s: Style): string[] {
  return [
    s.bold(`  # ${action.externalId} ${JSON.stringify(action.name)}`) + ' will be ' + s.bold(s.green('created')),
    s.green(`  + entry ${JSON.stringify(action.externalId)} {`),
    ...fieldLines(s.green('+'), action.fields, false),
    '    }',
  ];
}

function renderUpdate(action: UpdateAction, s: Style): string[] {
  const width = Math.max(0, ...action.changes.map((c) => c.label.length));
  const lines = [
    s.bold(`  # ${action.externalId} ${JSON.stringify(action.name)}`) +
      ' will be ' +
      s.bold(s.yellow('updated in-place')),
    s.yellow(`  ~ entry ${JSON.stringify(action.externalId)} {`),
  ];
  for (const change of action.changes) {
    if (change.before === undefined) {
      const rendered = isMultiline(change.after) ? heredoc(change.after, INDENT) : [formatValue(change.after)];
      lines.push(...assignment(s.green('+'), change.label, width, rendered));
    } else if (change.after === undefined) {
      const rendered = isMultiline(change.before) ? heredoc(change.before, INDENT) : [formatValue(change.before)];
      rendered[rendered.length - 1] += ' -> null';
      lines.push(...assignment(s.red('-'), change.label, width, rendered));
    } else if (isMultiline(change.before) || isMultiline(change.after)) {
      lines.push(
        ...assignment(
          s.yellow('~'),
          change.label,
          width,
          heredocDiff(String(change.before), String(change.after), INDENT, s),
        ),
      );
    } else {
      lines.push(
        ...assignment(s.yellow('~'), change.label, width, [
          `${formatValue(change.before)} -> ${formatValue(change.after)}`,
        ]),
      );
    }
  }
  if (action.unchangedFields > 0) {
    const noun = action.unchangedFields === 1 ? 'attribute' : 'attributes';
    lines.push(s.dim(`${INDENT}  # (${action.unchangedFields} unchanged ${noun} hidden)`));
  }
  lines.push('    }');
  return lines;
}

function renderDelete(action: DeleteAction, s: Style): string[] {
  return [
    s.bold(`  # ${action.externalId} ${JSON.stringify(action.name)}`) + ' will be ' + s.bold(s.red('deleted')),
    `  # (because ${action.reason})`,
    s.red(`  - entry ${JSON.stringify(action.externalId)} {`),
    ...fieldLines(s.red('-'), action.fields, true),
    '    }',
  ];
}

function renderAction(action: PlanAction, s: Style): string[] {
  if (action.action === 'create') return renderCreate(action, s);
  if (action.action === 'update') return renderUpdate(action, s);
  return renderDelete(action, s);
}

function legend(plans: readonly SyncPlan[], s: Style): string[] {
  const summary = summarize(plans);
  const lines = ['Entry actions are indicated with the following symbols:'];
  if (summary.create > 0) lines.push(`  ${s.green('+')} create`);
  if (summary.update > 0) lines.push(`  ${s.yellow('~')} update in-place`);
  if (summary.delete > 0) lines.push(`  ${s.red('-')} delete`);
  if (summary.create === 0 && plans.some((p) => p.typeChanges?.create === true)) lines.push(`  ${s.green('+')} create`);
  if (
    summary.update === 0 &&
    plans.some(
      (p) =>
        p.claimType !== undefined ||
        p.typeChanges?.updateType === true ||
        (p.typeChanges !== undefined && !p.typeChanges.create),
    )
  )
    lines.push(`  ${s.yellow('~')} update in-place`);
  return lines;
}

function header(plan: SyncPlan): string {
  const notes = [`${plan.unchanged} unchanged`];
  if (plan.filtered !== undefined) notes.push(`${plan.filtered} filtered out`);
  if (plan.skipped.length > 0) notes.push(`${plan.skipped.length} skipped`);
  if (plan.unmanaged > 0) notes.push(`${plan.unmanaged} without external ID left alone`);
  return `Sync "${plan.sync}": Port blueprint "${plan.blueprint}" → catalog type "${plan.catalogTypeName}" (${notes.join(', ')})`;
}

export function renderSkipped(plans: readonly SyncPlan[], s: Style): string[] {
  return plans.flatMap((plan) =>
    plan.skipped.length === 0
      ? []
      : [
          s.yellow(
            `Warning: sync "${plan.sync}" skipped ${plan.skipped.length} ${plan.skipped.length === 1 ? 'entity' : 'entities'}:`,
          ),
          ...plan.skipped.map((skip) => `  - ${skip.identifier}: ${skip.reason}`),
          '',
        ],
  );
}

export function renderSummaryLine(plans: readonly SyncPlan[], s: Style): string {
  if (!hasChanges(plans)) return s.bold(s.green('No changes.')) + ' The catalog matches the configuration.';
  const sum = summarize(plans);
  const claims = plans.filter((p) => p.claimType !== undefined).length;
  const types = plans.filter((p) => p.typeChanges !== undefined).length;
  const claim =
    claims > 0
      ? ` (and ${claims} catalog type${claims > 1 ? 's' : ''} to mark as owned)`
      : types > 0
        ? ` (and ${types} catalog type${types > 1 ? 's' : ''} to create or change first)`
        : '';
  return `${s.bold('Plan:')} ${sum.create} to create, ${sum.update} to update, ${sum.delete} to delete.${claim}`;
}

export interface TextOptions {
  /** One line per entry; the default above 50 changed entries. */
  readonly compact?: boolean;
  /** Full detail even for big plans. */
  readonly verbose?: boolean;
}

export function renderPlanText(plans: readonly SyncPlan[], s: Style, options: TextOptions = {}): string {
  const changed = plans.reduce((n, p) => n + p.actions.length, 0);
  const compact = options.verbose !== true && (options.compact === true || changed > COMPACT_ABOVE);
  const lines: string[] = [...renderSkipped(plans, s)];
  if (hasChanges(plans)) lines.push(...legend(plans, s), '', 'reconcile will perform the following actions:', '');
  for (const plan of plans) {
    lines.push(s.bold(header(plan)), '');
    if (plan.narrowedTo !== undefined)
      lines.push(
        s.yellow(
          `  Warning: narrowed to ${plan.narrowedTo.map((t) => `"${t}"`).join(', ')} (--target): other changes are neither shown nor applied.`,
        ),
        '',
      );
    if (plan.typeChanges !== undefined) lines.push(...renderTypeChanges(plan.typeChanges, s));
    if (plan.claimType !== undefined) {
      lines.push(
        s.bold(`  # catalog type ${JSON.stringify(plan.catalogTypeName)}`) +
          ` will be ${s.bold(s.yellow('marked as owned'))} by sync "${plan.sync}"`,
      );
      lines.push(s.yellow(`  ~ annotations["reconcile.sync-id"] = null -> ${JSON.stringify(plan.sync)}`), '');
    }
    if (compact) {
      lines.push(...plan.actions.map((action) => renderCompactAction(action, s)));
      if (plan.actions.length > 0) lines.push('');
    } else {
      for (const action of plan.actions) lines.push(...renderAction(action, s), '');
    }
  }
  if (compact && options.compact !== true && changed > COMPACT_ABOVE)
    lines.push(s.dim(`(${changed} changed entries: one line each; --verbose shows every field)`), '');
  lines.push(renderSummaryLine(plans, s));
  return lines.join('\n') + '\n';
}
