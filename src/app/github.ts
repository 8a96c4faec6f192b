// GitHub Actions integration: appends the Markdown plan to the step summary and writes
// has_changes and the counts to the step outputs, when the runner provides those files.
import {appendFileSync} from 'node:fs';
import type {Env} from '../config/interpolate.js';
import {hasChanges, summarize, type SyncPlan} from '../core/plan.js';

/** The file the runner names in `variable`, when it names one. */
function runnerFile(env: Env, variable: 'GITHUB_STEP_SUMMARY' | 'GITHUB_OUTPUT'): string | undefined {
  const file = env[variable];
  return file === undefined || file === '' ? undefined : file;
}

/** `markdown` is only rendered when there is a step summary to append it to. */
export function publishToGithub(env: Env, plans: readonly SyncPlan[], markdown: () => string): void {
  const summary = runnerFile(env, 'GITHUB_STEP_SUMMARY');
  if (summary !== undefined) appendFileSync(summary, `${markdown()}\n`);
  const output = runnerFile(env, 'GITHUB_OUTPUT');
  if (output !== undefined) {
    const counts = summarize(plans);
    appendFileSync(
      output,
      `has_changes=${hasChanges(plans)}\ncreate=${counts.create}\nupdate=${counts.update}\ndelete=${counts.delete}\n`,
    );
  }
}

/** After an apply: its outcome under the plan in the step summary. */
export function publishApplyResult(env: Env, line: string): void {
  const summary = runnerFile(env, 'GITHUB_STEP_SUMMARY');
  if (summary === undefined) return;
  // The headline in bold; the lines after it (syncs held back, and why) as a list.
  const [headline = '', ...causes] = line.trim().split('\n');
  appendFileSync(summary, `**${headline}**\n${causes.map((cause) => `- ${cause.trim()}\n`).join('')}`);
}
