// The near-real-time examples, checked against what they name: the Port automation dispatches the
// example workflow with the input it declares, for the blueprint the example config syncs; the
// workflow shares the full run's concurrency group, never pastes the identifier into a shell line,
// uses only inputs the action declares, and its reconcile arguments work on the example config.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {runCli} from '../helpers/cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const AUTOMATION_FILE = 'examples/port-automation.json';
const WORKFLOW_FILE = 'examples/github-targeted-sync.yml';
const automation = JSON.parse(readFileSync(AUTOMATION_FILE, 'utf8'));
const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8'));
const fullRun = parse(readFileSync('examples/github-workflow.yml', 'utf8'));
const config = parse(readFileSync('examples/sync.config.yaml', 'utf8'));
const steps: any[] = workflow.jobs.apply.steps;
const reconcileStep = steps.find((s) => typeof s.uses === 'string' && /\/reconcile@|^\.\/?$/.test(s.uses));

describe('examples/port-automation.json', () => {
  it('fires on created, updated and deleted services and dispatches the example workflow', () => {
    expect(automation.trigger).toEqual({type: 'automation', event: {type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service'}});
    expect(config.syncs.map((s: any) => s.source.blueprint)).toContain(automation.trigger.event.blueprintIdentifier);
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
  it('queues behind the full run\'s apply: the same concurrency group, never cancelling it', () => {
    expect(workflow.concurrency).toEqual({group: 'reconcile-incident-io-catalog-apply', 'cancel-in-progress': false});
    // The full run's group for anything but a pull request.
    const group: string = fullRun.concurrency.group;
    expect(group.replace(/\$\{\{.*\}\}/, 'apply')).toBe(workflow.concurrency.group);
    expect(group).toContain("|| 'apply'");
  });

  it('never pastes an expression into a shell line: the identifier goes through env into a file', () => {
    for (const step of steps.filter((s) => typeof s.run === 'string')) expect(step.run).not.toContain('${{');
    const write = steps.find((s) => typeof s.run === 'string' && s.run.includes('targets.txt'));
    expect(write.env).toEqual({IDENTIFIER: '${{ inputs.identifier }}'});
    expect(reconcileStep.with.command).toBe('apply');
    expect(reconcileStep.with.args).toBe('--auto-approve --sync services --targets-from targets.txt');
    expect(config.syncs.map((s: any) => s.name)).toContain('services');
  });

  it('uses only inputs the action declares', () => {
    const action = parse(readFileSync('action.yml', 'utf8'));
    for (const input of Object.keys(reconcileStep.with)) expect(Object.keys(action.inputs)).toContain(input);
  });
});

describe('the workflow\'s reconcile step on the example config', () => {
  let emulator: EmulatorHandle;
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());

  it('applies the entity written to targets.txt, as the action runs it (arguments split on whitespace)', async () => {
    const env = demoEnv(emulator);
    expect((await runCli(['apply', '-c', 'examples/sync.config.yaml', '--auto-approve'], env)).code).toBe(0);
    await emulator.putEntity('service', {identifier: 'ledger', title: 'Ledger v2', properties: {lifecycle: 'Production'}});
    const cwd = mkdtempSync(join(tmpdir(), 'reconcile-targeted-example-'));
    writeFileSync(join(cwd, 'targets.txt'), 'ledger\n'); // what the workflow's printf step writes
    const config = join(process.cwd(), 'examples/sync.config.yaml');
    const args: string[] = reconcileStep.with.args.split(/\s+/);
    const result = await runCli([reconcileStep.with.command, '--config', config, ...args], env, cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Apply complete! 0 created, 1 updated, 0 deleted.');
    const ledger = (await emulator.entries()).find((e) => e.external_id === 'ledger');
    expect(ledger?.name).toBe('Ledger v2');
  });
});
