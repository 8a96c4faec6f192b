// `reconcile plan`: reads both sides through a read-only client, prints the plan, optionally saves
// it; exit 2 for changes when asked to.
import {hasChanges} from '../core/plan.js';
import {createAdapters} from './adapters.js';
import {buildPlans, type PlanPolicyOptions} from './build-plans.js';
import type {CommandIo, DisplayOptions, HttpOverrides} from './io.js';
import {loadAndCompile} from './load.js';
import {checkSyncNames, unmatchedTargetWarnings} from './narrowing.js';
import {configDigest, writePlanFile} from './plan-file.js';
import {showPlan, stdoutOf, writePlanDocument} from './show-plan.js';

export const EXIT_CHANGES = 2;

export interface PlanOptions {
  readonly detailedExitcode: boolean;
  readonly http: HttpOverrides;
  readonly policy: PlanPolicyOptions;
  readonly display: DisplayOptions;
  /** Save the plan here for `reconcile apply FILE`. */
  readonly out?: string;
}

export async function runPlan(file: string, options: PlanOptions, io: CommandIo): Promise<number> {
  const loaded = loadAndCompile(file, io.env);
  const {source, target} = createAdapters(loaded.config, options.http, (line) => io.err(`${line}\n`), true);
  checkSyncNames(loaded.config, options.policy.syncs);
  const plans = await buildPlans(loaded, source, target, options.policy);
  for (const warning of unmatchedTargetWarnings(plans, options.policy.targets)) io.err(`${warning}\n`);
  // The JSON document is built only when asked for, and streamed: never held whole, even as text.
  const digest = configDigest(loaded.config);
  if (options.display.format === 'json') await writePlanDocument(plans, digest, stdoutOf(io));
  showPlan(plans, options.display, io);
  if (options.out !== undefined) {
    await writePlanFile(options.out, (write) => writePlanDocument(plans, digest, write));
    io.err(`Saved the plan to ${options.out}. To apply exactly this plan: reconcile apply ${options.out}\n`);
  }
  return options.detailedExitcode && hasChanges(plans) ? EXIT_CHANGES : 0;
}
