// The end of an apply in terraform's words: each failure with its reasons, then the counts.
import type {ApplyReport} from '../apply/apply-plan.js';
import type {Style} from './style.js';

const VERB = {create: 'create', update: 'update', delete: 'delete'} as const;

export function renderApplyFailures(report: ApplyReport, s: Style): string {
  const claims = report.claimFailures.map((f) => `${s.red(s.bold('Error:'))} sync "${f.sync}": could not prepare its catalog type (create it, change it or mark it as owned), so none of its entries were written:\n  ${f.error.message.split('\n').join('\n  ')}\n`);
  return claims.join('\n') + report.failures
    .map((f) => `${s.red(s.bold('Error:'))} sync "${f.sync}": could not ${VERB[f.action.action]} entry "${f.action.externalId}":\n  ${f.error.message.split('\n').join('\n  ')}\n`)
    .join('\n');
}

export function renderApplySummary(report: ApplyReport, s: Style): string {
  const counts = `${report.created} created, ${report.updated} updated, ${report.deleted} deleted.`;
  if (report.notStarted > 0) {
    const failed = report.failures.length > 0 ? ` ${report.failures.length} failed.` : '';
    return `${s.bold(s.yellow('Apply interrupted:'))} ${counts}${failed} ${report.notStarted} not started.\n`;
  }
  if (report.failures.length === 0 && report.claimFailures.length === 0) return `${s.bold(s.green('Apply complete!'))} ${counts}\n`;
  return `${s.bold(s.red('Apply incomplete:'))} ${counts} ${report.failures.length} failed.${report.notStarted > 0 ? ` ${report.notStarted} not started.` : ''}\n`;
}
