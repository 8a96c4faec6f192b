// `reconcile apply [PLAN]`: without PLAN, plans, shows the plan, gets a yes, writes. With a saved
// PLAN, checks it still holds (same config, nothing it touches moved) and writes exactly it.
// Nothing is written without a plan shown or saved first and an explicit approval.
import {applyPlan, emptyReport, type ApplyEvent, type ApplyReport} from '../apply/apply-plan.js';
import {ApplyCancelledError, ApplyFailedError, ApplyInterruptedError, ApprovalRequiredError} from '../core/errors.js';
import {fromPlanDocument} from '../core/plan-document.js';
import {hasChanges, type SyncPlan} from '../core/plan.js';
import {createProgress} from '../render/progress.js';
import {renderApplyFailures, renderApplySummary} from '../render/text-apply.js';
import {createAdapters} from './adapters.js';
import {checkSavedPlan} from './check-saved-plan.js';
import {publishApplyResult} from './github.js';
import {NO_COLOR} from '../render/style.js';
import {buildPlans, type PlanPolicyOptions} from './build-plans.js';
import type {CommandIo, DisplayOptions, HttpOverrides} from './io.js';
import {loadAndCompile} from './load.js';
import {checkSyncNames, refuseNarrowingOfSavedPlan, unmatchedTargetWarnings} from './narrowing.js';
import {configDigest, readPlanFile} from './plan-file.js';
import {showPlan, stdoutOf, writePlanDocument} from './show-plan.js';

const QUESTION = [
  'Do you want to perform these actions?',
  '  reconcile will perform the actions described above.',
  "  Only 'yes' will be accepted to approve.",
  '',
  '  Enter a value: ',
].join('\n');

export interface ApplyCommandOptions {
  readonly planFile?: string;
  readonly autoApprove: boolean;
  readonly http: HttpOverrides;
  readonly policy: PlanPolicyOptions;
  readonly display: DisplayOptions;
}

async function approve(options: ApplyCommandOptions, io: CommandIo): Promise<void> {
  if (options.autoApprove || options.planFile !== undefined) return;
  if (io.prompt === undefined || options.display.format === 'json') {
    throw new ApprovalRequiredError(
      'No terminal to ask for approval: nothing was written. Run `reconcile apply --auto-approve` in CI, after reviewing `reconcile plan`, or apply a saved plan: `reconcile apply plan.json`.',
    );
  }
  const answer = await io.prompt(QUESTION);
  if (answer.trim() !== 'yes') throw new ApplyCancelledError('Apply cancelled: nothing was written.');
}

function resultOf(report: ApplyReport) {
  return {
    created: report.created,
    updated: report.updated,
    deleted: report.deleted,
    not_started: report.notStarted,
    ...(report.interrupted ? {interrupted: true} : {}),
    ...(report.heldBack.length === 0
      ? {}
      : {
          held_back: report.heldBack.map((h) => ({
            sync: h.sync,
            type_name: h.typeName,
            by: h.by,
            not_started: h.notStarted,
          })),
        }),
    failures: [
      ...report.claimFailures.map((f) => ({sync: f.sync, message: f.error.message})),
      ...report.failures.map((f) => ({
        sync: f.sync,
        action: f.action.action,
        external_id: f.action.externalId,
        message: f.error.message,
      })),
    ],
  };
}

export async function runApply(file: string, options: ApplyCommandOptions, io: CommandIo): Promise<number> {
  if (options.planFile !== undefined) refuseNarrowingOfSavedPlan(options.policy);
  const loaded = loadAndCompile(file, io.env);
  const {source, target, http} = createAdapters(loaded.config, options.http, (line) => io.err(`${line}\n`));
  let plans: SyncPlan[];
  if (options.planFile === undefined) {
    checkSyncNames(loaded.config, options.policy.syncs);
    plans = await buildPlans(loaded, source, target, options.policy);
    for (const warning of unmatchedTargetWarnings(plans, options.policy.targets)) io.err(`${warning}\n`);
  } else {
    const saved = fromPlanDocument(readPlanFile(options.planFile, loaded.config));
    plans = await checkSavedPlan(saved, target, options.planFile, options.policy.adopt);
  }
  const json = options.display.format === 'json';
  const digest = configDigest(loaded.config);
  if (!json) showPlan(plans, options.display, io);
  if (!hasChanges(plans)) {
    const nothing = emptyReport();
    if (json) await writePlanDocument(plans, digest, stdoutOf(io), {result: resultOf(nothing)});
    return 0;
  }
  await approve(options, io);
  if (!json) io.out('\n');

  let stopping = false;
  const progress = createProgress({tty: io.errIsTty, write: io.err, now: Date.now});
  const stopListening = io.onInterrupt(() => {
    stopping = true;
    io.err(
      `\nInterrupted: no new writes will start; waiting for those in flight (${progress.inFlightHint()}). Press Ctrl-C again to quit at once.\n`,
    );
  });
  const onEvent = (event: ApplyEvent): void => {
    progress.onEvent(event);
    if (event.type === 'bulk-limit') {
      io.err(
        `\nincident.io refused a bulk update of ${event.size} entries for its size; sending ${event.limit} per bulk update for the rest of this apply.\n`,
      );
    }
    if (event.type === 'fallback')
      io.err(
        `\nBulk update of ${event.size} entries in sync "${event.sync}" was refused; updating them one by one to find the bad entry.\n`,
      );
  };
  const report = await applyPlan(plans, target, {
    concurrency: http.parallelism,
    onEvent,
    shouldStop: () => stopping,
  }).finally(() => {
    progress.finish();
    stopListening();
  });

  if (report.failures.length > 0 || report.claimFailures.length > 0) io.err(renderApplyFailures(report, io.style));
  const failure = outcomeError(report, options.planFile !== undefined);
  // --json: this is the one document on stdout; the error it ends with goes in it, not after it.
  const error = failure === undefined ? {} : {error: {message: failure.message, exit_code: failure.exitCode}};
  if (json) await writePlanDocument(plans, digest, stdoutOf(io), {result: resultOf(report), ...error});
  else io.out('\n' + renderApplySummary(report, io.style));
  publishApplyResult(io.env, renderApplySummary(report, NO_COLOR));
  if (failure !== undefined) throw failure;
  return 0;
}

/** The error an apply ends with: some writes failed, or Ctrl-C left some never started. */
function outcomeError(report: ApplyReport, savedPlan: boolean): ApplyFailedError | ApplyInterruptedError | undefined {
  const failed = report.failures.length + report.claimFailures.length;
  if (failed > 0) return new ApplyFailedError(failed, savedPlan);
  if (report.interrupted) return new ApplyInterruptedError(report.notStarted, savedPlan);
  return undefined;
}
