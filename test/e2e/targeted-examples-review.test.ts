// Review of issue 12: the example workflows under GitHub's documented concurrency rule ("at most one
// running and one pending job in a concurrency group; any existing pending job ... will be canceled
// and the new queued job will take its place"). The scheduled full run is the safety net of the
// targeted runs; when a targeted dispatch can cancel it, the README must say so.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';

/** A workflow, as far as this test reads it: its workflow-level concurrency group. */
interface Workflow {
  concurrency: {group: string};
}

const fullRun = parse(readFileSync('examples/github-workflow.yml', 'utf8')) as Workflow;
const targeted = parse(readFileSync('examples/github-targeted-sync.yml', 'utf8')) as Workflow;
const readme = readFileSync('README.md', 'utf8');

/** The workflow-level concurrency group of a run, for the expression forms the examples use. */
function groupOf(workflow: Workflow, event: string): string {
  return workflow.concurrency.group.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => {
    const isPullRequest = event === 'pull_request';
    const m = /github\.event_name == 'pull_request' && github\.head_ref \|\| '([^']+)'/.exec(expression);
    if (m === null) throw new Error(`expression not modelled: ${expression}`);
    return isPullRequest ? 'some-branch' : m[1]!;
  });
}

/** GitHub's rule: a run queued while the group is busy waits, and cancels the one already waiting. */
function simulate(runs: ReadonlyArray<{name: string; group: string}>): string[] {
  const cancelled: string[] = [];
  const running = new Map<string, string>();
  const pending = new Map<string, string>();
  for (const run of runs) {
    if (!running.has(run.group)) running.set(run.group, run.name);
    else {
      const waiting = pending.get(run.group);
      if (waiting !== undefined) cancelled.push(waiting);
      pending.set(run.group, run.name);
    }
  }
  return cancelled;
}

describe('the scheduled full run next to the targeted runs', () => {
  it('is never cancelled by a targeted dispatch, or the README says that it can be', () => {
    const runs = [
      {name: 'targeted run 1', group: groupOf(targeted, 'workflow_dispatch')},
      {name: 'scheduled full apply', group: groupOf(fullRun, 'schedule')},
      {name: 'targeted run 2', group: groupOf(targeted, 'workflow_dispatch')},
    ];
    const cancelled = simulate(runs);
    const section = readme.slice(readme.indexOf('## Near-real-time sync'), readme.indexOf('## Commands'));
    // A sentence that names the full (or scheduled) run and says that it can be cancelled.
    const documented = /(full|scheduled)[^.]*\b(run|apply)\b[^.]*cancel/i.test(section);
    const safe = !cancelled.includes('scheduled full apply') || documented;
    expect(safe, `GitHub cancels the ${cancelled.join(', ')}; README, Near-real-time sync does not say so`).toBe(true);
  });
});
