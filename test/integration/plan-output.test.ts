// Which outputs build the plan's JSON document: only --json and --out (and apply --json). The text
// and Markdown plans, and GitHub's step summary, never do: the serialiser is counted, not timed.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import * as planDocument from '../../src/core/plan-document.js';
import type {OutputFormat} from '../../src/app/io.js';
import {demoEnv, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';
import {parsePlan, readPlan} from '../helpers/json-output.js';
import {planInProcess} from '../helpers/plan-in-process.js';

vi.mock('../../src/core/plan-document.js', async (importOriginal) => {
  const original = await importOriginal<typeof planDocument>();
  return {
    ...original,
    planDocumentText: vi.fn(original.planDocumentText),
    toPlanDocument: vi.fn(original.toPlanDocument),
  };
});

const CONFIG = fileURLToPath(new URL('../../examples/sync.config.yaml', import.meta.url));
let emulator: EmulatorHandle;
let dir: string;

beforeEach(async () => {
  emulator = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'reconcile-plan-output-'));
  vi.mocked(planDocument.planDocumentText).mockClear();
  vi.mocked(planDocument.toPlanDocument).mockClear();
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, {recursive: true, force: true});
});

function plan(format: OutputFormat, extra: {out?: string; env?: Record<string, string>} = {}): Promise<string> {
  return planInProcess(
    CONFIG,
    {...demoEnv(emulator), ...extra.env},
    {
      format,
      ...(extra.out === undefined ? {} : {out: extra.out}),
    },
  );
}

const serialised = (): number =>
  vi.mocked(planDocument.planDocumentText).mock.calls.length + vi.mocked(planDocument.toPlanDocument).mock.calls.length;

describe('the plan as JSON', () => {
  it('is never built for the text or Markdown plan, nor for the step summary', async () => {
    const summary = join(dir, 'summary.md');
    const text = await plan('text', {env: {GITHUB_STEP_SUMMARY: summary}});
    expect(text).toContain('Plan: 7 to create');
    expect(readFileSync(summary, 'utf8')).toContain('**Plan: 7 to create');
    expect(await plan('markdown')).toContain('**Plan: 7 to create');
    expect(serialised()).toBe(0);
  });

  it('is built once, a change at a time, for --json and for --out', async () => {
    const json = parsePlan(await plan('json'));
    expect(json.summary.create).toBe(7);
    expect(serialised()).toBe(1);
    const file = join(dir, 'plan.json');
    await plan('text', {out: file});
    expect(readPlan(file).changes).toHaveLength(7);
    expect(serialised()).toBe(2);
    expect(vi.mocked(planDocument.toPlanDocument)).not.toHaveBeenCalled(); // never the whole document at once
  });
});
