// `reconcile plan`: reads both sides, prints the plan; exit 2 for changes when asked to.
import {hasChanges} from '../core/plan.js';
import {renderPlanText} from '../render/text-plan.js';
import {createAdapters} from './adapters.js';
import {buildPlans} from './build-plans.js';
import type {CommandIo, HttpOverrides} from './io.js';
import {loadAndCompile} from './load.js';

export const EXIT_CHANGES = 2;

export interface PlanOptions {
  readonly detailedExitcode: boolean;
  readonly http: HttpOverrides;
}

export async function runPlan(file: string, options: PlanOptions, io: CommandIo): Promise<number> {
  const loaded = loadAndCompile(file, io.env);
  const {source, target} = createAdapters(loaded.config, options.http, (line) => io.err(`${line}\n`));
  const plans = await buildPlans(loaded, source, target);
  io.out(renderPlanText(plans, io.style));
  return options.detailedExitcode && hasChanges(plans) ? EXIT_CHANGES : 0;
}
