// GitHub Actions integration: appends the Markdown plan to the step summary and writes
// has_changes and the counts to the step outputs, when the runner provides those files.
import {appendFileSync} from 'node:fs';
import type {Env} from '../config/interpolate.js';
import {hasChanges, summarize, type SyncPlan} from '../core/plan.js';

export function publishToGithub(env: Env, plans: readonly SyncPlan[], markdown: string): void {
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') appendFileSync(summary, `${markdown}\n`);
  const output = env['GITHUB_OUTPUT'];
  if (output !== undefined && output !== '') {
    const counts = summarize(plans);
    appendFileSync(output, `has_changes=${hasChanges(plans)}\ncreate=${counts.create}\nupdate=${counts.update}\ndelete=${counts.delete}\n`);
  }
}

/** After an apply: its outcome under the plan in the step summary. */
export function publishApplyResult(env: Env, line: string): void {
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') appendFileSync(summary, `**${line.trim()}**\n`);
}
