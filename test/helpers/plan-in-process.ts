// `reconcile plan` run in this process (runPlan) instead of as a child, its stdout captured: for tests that
// spy on or count what a plan does inside. Rate limit off, default policies, nothing asked on a terminal.
import {NO_POLICY_OVERRIDES} from '../../src/app/build-plans.js';
import type {CommandIo, OutputFormat} from '../../src/app/io.js';
import {runPlan} from '../../src/app/run-plan.js';
import type {Env} from '../../src/config/interpolate.js';
import {NO_COLOR} from '../../src/render/style.js';

export async function planInProcess(
  config: string,
  env: Env,
  options: {format?: OutputFormat; out?: string} = {},
): Promise<string> {
  const stdout: string[] = [];
  const io: CommandIo = {
    env,
    out: (text) => stdout.push(text),
    err: () => undefined,
    style: NO_COLOR,
    errIsTty: false,
    prompt: undefined,
    onInterrupt: () => () => undefined,
  };
  await runPlan(
    config,
    {
      detailedExitcode: false,
      http: {rateLimit: 0},
      policy: NO_POLICY_OVERRIDES,
      display: {format: options.format ?? 'text', compact: false, verbose: false},
      ...(options.out === undefined ? {} : {out: options.out}),
    },
    io,
  );
  return stdout.join('');
}
