// Shows plans in the chosen format and publishes them to GitHub when running there.
import {toPlanDocument, type PlanDocument} from '../core/plan-document.js';
import type {SyncPlan} from '../core/plan.js';
import {renderPlanMarkdown} from '../render/markdown-plan.js';
import {renderPlanText} from '../render/text-plan.js';
import {publishToGithub} from './github.js';
import type {CommandIo, DisplayOptions} from './io.js';
import {TOOL_VERSION} from './plan-file.js';

export function planDocument(plans: readonly SyncPlan[], digest: string): PlanDocument {
  return toPlanDocument(plans, {toolVersion: TOOL_VERSION, createdAt: new Date().toISOString(), configDigest: digest});
}

/** Prints the plan (text or Markdown; JSON is printed by the caller, once, with any result). */
export function showPlan(plans: readonly SyncPlan[], display: DisplayOptions, io: CommandIo, title = 'reconcile plan'): void {
  let markdown: string | undefined;
  const renderMarkdown = (): string => (markdown ??= renderPlanMarkdown(plans, {title}));
  if (display.format === 'markdown') io.out(renderMarkdown());
  if (display.format === 'text') io.out(renderPlanText(plans, io.style, {compact: display.compact, verbose: display.verbose}));
  publishToGithub(io.env, plans, renderMarkdown);
}
