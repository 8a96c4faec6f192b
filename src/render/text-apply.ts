// The end of an apply in terraform's words: each failure with its reasons, then the counts.
import type {ApplyReport} from '../apply/apply-plan.js';
import type {Style} from './style.js';

const VERB = {create: 'create', update: 'update', delete: 'delete'} as const;

export function renderApplyFailures(report: ApplyReport, s: Style): string {
  const claims = report.claimFailures.map(
    (f) =>
      `${s.red(s.bold('Error:'))} sync "${f.sync}": could not prepare its catalog type (create it, change it or mark it as owned), so none of its entries were written:\n  ${f.error.message.split('\n').join('\n  ')}\n`,
  );
  return (
    claims.join('\n') +
    report.failures
      .map(
        (f) =>
          `${s.red(s.bold('Error:'))} sync "${f.sync}": could not ${VERB[f.action.action]} entry "${f.action.externalId}":\n  ${f.error.message.split('\n').join('\n  ')}\n`,
      )
      .join('\n')
  );
}

/**
 * The headline names the cause: "interrupted" only after Ctrl-C, "incomplete" after failed
 * writes; then one line per sync held back, saying why its changes were not started.
 */
export function renderApplySummary(report: ApplyReport, s: Style): string {
  const counts = `${report.created} created, ${report.updated} updated, ${report.deleted} deleted.`;
  const failedCount = report.failures.length + report.claimFailures.length;
  const failed = failedCount > 0 ? ` ${failedCount} failed.` : '';
  const notStarted = report.notStarted > 0 ? ` ${report.notStarted} not started.` : '';
  const headline = report.interrupted
    ? s.bold(s.yellow('Apply interrupted:'))
    : failedCount > 0
      ? s.bold(s.red('Apply incomplete:'))
      : s.bold(s.green('Apply complete!'));
  const causes = [
    ...report.claimFailures
      .filter((f) => f.notStarted > 0)
      .map((f) => `  sync "${f.sync}": ${f.notStarted} not started: its catalog type could not be prepared (above).`),
    ...report.heldBack
      .filter((h) => h.notStarted > 0) // a sync held back with nothing to write lost nothing
      .map((h) => {
        const why = h.byFailed ? 'could not prepare its type' : 'was held back too';
        const reference = `it references ${h.typeName}, whose sync "${h.by}" ${why}`;
        return `  sync "${h.sync}": ${h.notStarted} not started: ${reference}.`;
      }),
  ];
  return [`${headline} ${counts}${failed}${notStarted}`, ...causes].join('\n') + '\n';
}
