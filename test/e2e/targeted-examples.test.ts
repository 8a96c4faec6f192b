// The near-real-time examples, checked against what they name: the Port automation dispatches the
// example workflow with the input it declares, for the blueprint the example config syncs; the
// workflow shares the full run's concurrency group, never pastes the identifier into a shell line,
// uses only inputs the action declares, and its reconcile arguments work on the example config.
import {readFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {scenario, type Scenario} from '../helpers/scenario.js';

// The files' shapes, as far as these tests read them.
interface Automation {
  trigger: {type: string; event: {type: string; blueprintIdentifier: string}};
  invocationMethod: {type: string; workflow: string; workflowInputs: Record<string, string>};
  publish: boolean;
}
interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
/** The step that runs the action: its command and arguments are read as written. */
interface ReconcileStep extends Step {
  with: Record<string, string> & {command: string; args: string};
}
interface Workflow {
  on: {workflow_dispatch: {inputs: Record<string, unknown>}};
  concurrency: {group: string; 'cancel-in-progress'?: boolean};
  jobs: {apply: {steps: Step[]}};
}
interface SyncConfig {
  syncs: Array<{name: string; source: {blueprint: string}}>;
}

const AUTOMATION_FILE = 'examples/port-automation.json';
const WORKFLOW_FILE = 'examples/github-targeted-sync.yml';
const automation = JSON.parse(readFileSync(AUTOMATION_FILE, 'utf8')) as Automation;
const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
const fullRun = parse(readFileSync('examples/github-workflow.yml', 'utf8')) as Workflow;
const config = parse(readFileSync('examples/sync.config.yaml', 'utf8')) as SyncConfig;
const steps = workflow.jobs.apply.steps;
const usesTheAction = (s: Step): boolean => typeof s.uses === 'string' && /\/reconcile@|^\.\/?$/.test(s.uses);
const reconcileStep = steps.find(usesTheAction) as ReconcileStep;

describe('examples/port-automation.json', () => {
  it('fires on created, updated and deleted services and dispatches the example workflow', () => {
    expect(automation.trigger).toEqual({
      type: 'automation',
      event: {type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service'},
    });
    expect(config.syncs.map((s) => s.source.blueprint)).toContain(automation.trigger.event.blueprintIdentifier);
    expect(automation.invocationMethod).toMatchObject({type: 'GITHUB', workflow: basename(WORKFLOW_FILE)});
    expect(automation.publish).toBe(true);
  });

  it('sends exactly the inputs the workflow declares, the identifier of the entity before or after the change', () => {
    const inputs = automation.invocationMethod.workflowInputs;
    expect(Object.keys(inputs)).toEqual(Object.keys(workflow.on.workflow_dispatch.inputs));
    expect(inputs.identifier).toBe('{{ .event.diff.after.identifier // .event.diff.before.identifier }}');
  });
});

describe('examples/github-targeted-sync.yml', () => {
  it("queues behind the full run's apply: the same concurrency group, never cancelling it", () => {
    expect(workflow.concurrency).toEqual({group: 'reconcile-incident-io-catalog-apply', 'cancel-in-progress': false});
    // The full run's group for anything but a pull request.
    const group: string = fullRun.concurrency.group;
    expect(group.replace(/\$\{\{.*\}\}/, 'apply')).toBe(workflow.concurrency.group);
    expect(group).toContain("|| 'apply'");
  });

  it('never pastes an expression into a shell line: the identifier goes through env into a file', () => {
    for (const step of steps.filter((s) => typeof s.run === 'string')) expect(step.run).not.toContain('${{');
    const write = steps.find((s) => typeof s.run === 'string' && s.run.includes('targets.txt'));
    expect(write?.env).toEqual({IDENTIFIER: '${{ inputs.identifier }}'});
    expect(reconcileStep.with.command).toBe('apply');
    // No --sync: init names syncs with a random suffix, so the example works on any config as it is
    // (test/e2e/init-names-review.test.ts runs these arguments on init's config).
    expect(reconcileStep.with.args).toBe('--auto-approve --targets-from targets.txt');
  });

  it('uses only inputs the action declares', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as {inputs: Record<string, unknown>};
    for (const input of Object.keys(reconcileStep.with)) expect(Object.keys(action.inputs)).toContain(input);
  });
});

describe("the workflow's reconcile step on the example config", () => {
  let s: Scenario;
  beforeEach(async () => {
    s = await scenario();
  });
  afterEach(() => s.close());

  it('applies the entity written to targets.txt, as the action runs it (arguments split on whitespace)', async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    const ledgerV2 = {identifier: 'ledger', title: 'Ledger v2', properties: {lifecycle: 'Production'}};
    await s.emulator.putEntity('service', ledgerV2);
    s.variant('targets.txt', 'ledger\n'); // what the workflow's printf step writes, in the folder it runs in
    const config = join(process.cwd(), 'examples/sync.config.yaml');
    const args: string[] = reconcileStep.with.args.split(/\s+/);
    const result = await s.runWith({cwd: s.dir}, reconcileStep.with.command, '--config', config, ...args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    const ledger = (await s.emulator.entries()).find((e) => e.external_id === 'ledger');
    expect(ledger?.name).toBe('Ledger v2');
  });
});
