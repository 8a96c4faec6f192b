// --sync and --target, checked against what they name: an unknown sync is a typo (an error, before
// any request); a target nothing has is a warning, since automations fire for entities already gone.
// --targets-from reads the targets one a line; a list that names none is an error, never "all".
// With a saved plan they are refused: it is applied exactly as it was made.
import {readFileSync} from 'node:fs';
import {NarrowedSavedPlanError, TargetListError, UnknownSyncError} from '../core/errors.js';
import type {SyncPlan} from '../core/plan.js';
import type {SyncConfig} from '../config/types.js';
import type {PlanPolicyOptions} from './build-plans.js';

/**
 * Throws when flags that narrow a plan come with a saved plan: applying part of a reviewed plan,
 * or silently all of it, is not what either flag says. Every narrowing flag is listed here.
 */
export function refuseNarrowingOfSavedPlan(policy: PlanPolicyOptions): void {
  const given = [...(policy.targets.length > 0 ? ['--target'] : []), ...(policy.syncs.length > 0 ? ['--sync'] : [])];
  if (given.length === 0) return;
  throw new NarrowedSavedPlanError(
    `${given.join(', ')}: a saved plan is applied exactly as made; make the plan with ${given.join('/')} ` +
      `(reconcile plan ${given.join(' … ')} … --out FILE), then apply that file. Nothing was written.`,
  );
}

/** Throws when a --sync name is not a sync of the config, naming it and listing the syncs. */
export function checkSyncNames(config: SyncConfig, names: readonly string[]): void {
  const known = config.syncs.map((s) => s.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const which = unknown.map((name) => `--sync "${name}"`).join(', ');
  throw new UnknownSyncError(`${which}: ${config.file} has no sync by that name. Its syncs: ${known.join(', ')}`);
}

/** The identifiers of a --targets-from text: one a line, trimmed; blank lines and `#` comments skipped. */
export function parseTargetList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function readTargetFile(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const what = file === '-' ? 'standard input' : file;
    throw new TargetListError(`--targets-from ${what}: cannot read it (${(error as Error).message})`);
  }
}

/**
 * The targets of --target (repeatable) and --targets-from (`-` for standard input), each once, in
 * order; empty when neither flag is given. A blank --target, or a --targets-from that names no target
 * while no --target does, is an error: an automation that lost its identifier must not run in full.
 */
export function collectTargets(
  flags: readonly string[],
  from: string | undefined,
  read: (file: string) => string = readTargetFile,
): string[] {
  const blank = flags.find((target) => target.trim() === '');
  if (blank !== undefined) throw new TargetListError(`--target "${blank}" is blank: name a Port entity's identifier.`);
  const listed = from === undefined ? [] : parseTargetList(read(from));
  if (from !== undefined && listed.length === 0 && flags.length === 0) {
    const what = from === '-' ? '- (standard input)' : from;
    throw new TargetListError(
      `--targets-from ${what} names no target (one Port entity identifier a line): nothing was read or written.`,
    );
  }
  return [...new Set([...flags.map((target) => target.trim()), ...listed])];
}

/** One warning line per --target that no planned sync has an entity or an entry for. */
export function unmatchedTargetWarnings(plans: readonly SyncPlan[], targets: readonly string[]): string[] {
  const found = new Set(plans.flatMap((plan) => plan.targetsFound ?? []));
  const syncs = plans.map((plan) => plan.sync).join(', ');
  return [...new Set(targets)]
    .filter((target) => !found.has(target))
    .map((target) => {
      const blind = plans.filter((plan) => plan.targetsNotLookedUp?.includes(target)).map((plan) => `"${plan.sync}"`);
      if (blind.length === 0) {
        return (
          `Warning: --target "${target}" matches no entity in Port and no entry in the catalog` +
          ` (syncs: ${syncs || 'none'}); nothing to do for it.`
        );
      }
      return (
        `Warning: --target "${target}" matches no entity in Port (syncs: ${syncs}), or one the filter leaves` +
        ` out. Sync ${blind.join(', ')} maps external IDs with an expression other than \`identifier\`, so the` +
        ' entry of such an entity cannot be found from its identifier: the next full run deletes it, if there is one.'
      );
    });
}
