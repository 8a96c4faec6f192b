// `reconcile apply`: plan, show it, get a yes, write, report. Nothing is written without a plan
// shown first and an explicit approval (a TTY answer of exactly "yes", or --auto-approve).
import {applyPlan, type ApplyEvent} from '../apply/apply-plan.js';
import {ApplyCancelledError, ApplyFailedError, ApplyInterruptedError, ApprovalRequiredError} from '../core/errors.js';
import {hasChanges} from '../core/plan.js';
import {createProgress} from '../render/progress.js';
import {renderApplyFailures, renderApplySummary} from '../render/text-apply.js';
import {renderPlanText} from '../render/text-plan.js';
import {createAdapters} from './adapters.js';
import {buildPlans} from './build-plans.js';
import type {CommandIo, HttpOverrides} from './io.js';
import {loadAndCompile} from './load.js';

const QUESTION = [
  'Do you want to perform these actions?',
  '  reconcile will perform the actions described above.',
  "  Only 'yes' will be accepted to approve.",
  '',
  '  Enter a value: ',
].join('\n');

export interface ApplyCommandOptions {
  readonly autoApprove: boolean;
  readonly http: HttpOverrides;
}

async function approve(autoApprove: boolean, io: CommandIo): Promise<void> {
  if (autoApprove) return;
  if (io.prompt === undefined) {
    throw new ApprovalRequiredError('No terminal to ask for approval: nothing was written. Run `reconcile apply --auto-approve` in CI, after reviewing `reconcile plan`.');
  }
  const answer = await io.prompt(QUESTION);
  if (answer.trim() !== 'yes') throw new ApplyCancelledError('Apply cancelled: nothing was written.');
}

export async function runApply(file: string, options: ApplyCommandOptions, io: CommandIo): Promise<number> {
  const loaded = loadAndCompile(file, io.env);
  const {source, target, http} = createAdapters(loaded.config, options.http, (line) => io.err(`${line}\n`));
  const plans = await buildPlans(loaded, source, target);
  io.out(renderPlanText(plans, io.style));
  if (!hasChanges(plans)) return 0;
  await approve(options.autoApprove, io);
  io.out('\n');

  let stopping = false;
  const progress = createProgress({tty: io.errIsTty, write: io.err, now: Date.now});
  const stopListening = io.onInterrupt(() => {
    stopping = true;
    io.err(`\nInterrupted: no new writes will start; waiting for those in flight (${progress.inFlightHint()}). Press Ctrl-C again to quit at once.\n`);
  });
  const onEvent = (event: ApplyEvent): void => {
    progress.onEvent(event);
    if (event.type === 'fallback') io.err(`\nBulk update of ${event.size} entries in sync "${event.sync}" was refused; updating them one by one to find the bad entry.\n`);
  };
  const report = await applyPlan(plans, target, {concurrency: http.parallelism, onEvent, shouldStop: () => stopping}).finally(() => {
    progress.finish();
    stopListening();
  });

  if (report.failures.length > 0) io.err(renderApplyFailures(report, io.style));
  io.out('\n' + renderApplySummary(report, io.style));
  if (report.notStarted > 0) throw new ApplyInterruptedError(report.notStarted);
  if (report.failures.length > 0) throw new ApplyFailedError(report.failures.length);
  return 0;
}
