// One error class per failure a user can act on, each carrying what fixes it and its exit code.
// Messages never contain secrets: callers pass redacted text only.

/** Exit codes: 0 ok, 1 error, 2 changes present (plan --detailed-exitcode). */
export const EXIT_ERROR = 1;

export abstract class ReconcileError extends Error {
  readonly exitCode: number = EXIT_ERROR;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A place in a file: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Diagnostic {
  readonly location: SourceLocation;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.location.file}:${d.location.line}:${d.location.col}: ${d.message}`;
}

/** The config file cannot be used: YAML, schema, env or JSONata problems, all listed at once. */
export class ConfigError extends ReconcileError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
  }
}

/** The config file is missing or unreadable. */
export class ConfigFileError extends ReconcileError {}

/** A JSONata result that the target attribute cannot hold, or a failed evaluation. */
export interface MappingProblem {
  readonly entity: string;
  readonly field: string;
  readonly message: string;
}

export class MappingError extends ReconcileError {
  constructor(
    readonly sync: string,
    readonly problems: readonly MappingProblem[],
  ) {
    const shown = problems.slice(0, 20).map((p) => `  entity "${p.entity}", ${p.field}: ${p.message}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super([`sync "${sync}": ${problems.length} mapping error(s):`, ...shown, ...more].join('\n'));
  }
}

/** Attribute names in the config that the live catalog type does not have. */
export class UnknownAttributeError extends ReconcileError {
  constructor(
    readonly sync: string,
    readonly typeName: string,
    readonly unknown: readonly string[],
    readonly available: readonly string[],
  ) {
    super(
      `sync "${sync}": catalog type "${typeName}" has no attribute named ${unknown.map((n) => `"${n}"`).join(', ')}.\n` +
        `  Attributes it has: ${available.length > 0 ? available.join(', ') : '(none)'}`,
    );
  }
}

/** An attribute the config maps that incident.io derives (backlink or path): it cannot be written. */
export class DerivedAttributeError extends ReconcileError {}

/** Two Port entities map to the same external ID. */
export class DuplicateExternalIdError extends ReconcileError {
  constructor(
    readonly sync: string,
    readonly externalId: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(
      `sync "${sync}": entities "${first}" and "${second}" both map to external ID "${externalId}"; external IDs must be unique.`,
    );
  }
}

/** --sync names a sync the config does not have. */
export class UnknownSyncError extends ReconcileError {}

/** --target / --targets-from name no target (an empty list, a blank line), or the file cannot be read. */
export class TargetListError extends ReconcileError {}

/** The configured catalog type does not exist. */
export class CatalogTypeNotFoundError extends ReconcileError {}

/** An API answered with an error, or not at all. */
export class ApiError extends ReconcileError {
  constructor(
    readonly api: string,
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly messages: readonly string[],
    readonly requestId: string | undefined,
    hint?: string,
    /** The request fields the API's errors name (incident.io's `source.field`), for callers that react to one. */
    readonly fields: readonly string[] = [],
  ) {
    const status_ = status === undefined ? 'no response' : `HTTP ${status}`;
    const lines = [`${api}: ${method} ${path} failed: ${status_}`];
    for (const m of messages) lines.push(`  ${m}`);
    if (requestId !== undefined) lines.push(`  request ID: ${requestId}`);
    if (hint !== undefined) lines.push(`  ${hint}`);
    super(lines.join('\n'));
  }
}

/**
 * incident.io refused a bulk update for the number of entries in it (not for an entry): apply sends
 * smaller batches from then on. Handled inside apply; `cause` is the API's answer.
 */
export class BulkSizeError extends ReconcileError {
  constructor(
    readonly size: number,
    override readonly cause: ApiError,
  ) {
    super(`incident.io refused a bulk update of ${size} entries for its size:\n${cause.message}`);
  }
}

/** A paged listing that sent back a cursor it had already sent: stopping beats looping. */
export class PaginationLoopError extends ReconcileError {}

/** apply needs a yes: a TTY answer or --auto-approve. */
export class ApprovalRequiredError extends ReconcileError {}

/** apply was answered with anything but `yes`. */
export class ApplyCancelledError extends ReconcileError {}

/** After a saved plan was applied in part it is stale: the fix is a new plan, not the same file again. */
const NEW_PLAN = 'The saved plan is stale now: make a new plan (reconcile plan --out FILE) and apply it';

/** Some writes failed; the rest were applied. */
export class ApplyFailedError extends ReconcileError {
  constructor(
    readonly failures: number,
    savedPlan = false,
  ) {
    const fix = savedPlan ? `${NEW_PLAN} to retry them.` : 'Re-running apply retries them.';
    super(`Apply failed: ${failures} write(s) did not succeed (listed above). ${fix}`);
  }
}

/** Ctrl-C during apply: writes in flight finished, the rest were not started. */
export class ApplyInterruptedError extends ReconcileError {
  constructor(
    readonly notStarted: number,
    savedPlan = false,
  ) {
    const fix = savedPlan ? `${NEW_PLAN} to finish.` : 'run apply again to finish.';
    super(`Apply interrupted: ${notStarted} change(s) were not started. Nothing is half-written; ${fix}`);
  }
}

/** Exit code of a safety guard's refusal: distinct from errors (1) and changes (2). */
export const EXIT_GUARD = 3;

/** A safety guard refused the plan; `override` names the flag that lets it through. */
export class GuardError extends ReconcileError {
  override readonly exitCode = EXIT_GUARD;
  constructor(
    readonly sync: string,
    reason: string,
    readonly override: string | undefined,
  ) {
    super(
      `sync "${sync}": ${reason}${override === undefined ? '' : `\n  If this is intended, run again with ${override}.`}`,
    );
  }
}

/** A saved plan no longer matches the catalog, the config, or this version of reconcile. */
export class StalePlanError extends ReconcileError {}

/** A saved plan file that cannot be read or does not match schemas/plan.schema.json. */
export class PlanFileError extends ReconcileError {}

/** A type's owner annotation names another sync when apply comes to claim or change it. */
export class TypeClaimedError extends ReconcileError {}

/** --target or --sync given with a saved plan: it is applied whole, so they are refused, not ignored. */
export class NarrowedSavedPlanError extends ReconcileError {}

/** A write attempted through a read-only client: a bug in reconcile, never sent to the API. */
export class ReadOnlyError extends ReconcileError {}

/** A reference literal the config yields that names no catalog entry, or several. */
export interface ReferenceProblem {
  readonly sync: string;
  /** The Port entity the value was mapped from. */
  readonly entity: string;
  readonly attribute: string;
  readonly value: string;
  /** Where it was looked for, e.g. `sync "teams" produces no entry with that external ID`. */
  readonly reason: string;
}

/**
 * Reference attributes name entries that do not exist and will not be created, or name several
 * entries at once: found before any write.
 */
export class DanglingReferenceError extends ReconcileError {
  constructor(readonly problems: readonly ReferenceProblem[]) {
    const line = (p: ReferenceProblem): string =>
      `  sync "${p.sync}", entity "${p.entity}", attribute "${p.attribute}" → "${p.value}": ${p.reason}`;
    const shown = problems.slice(0, 20).map(line);
    if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
    super(
      [
        `${problems.length} reference(s) name no catalog entry, or more than one; nothing was written:`,
        ...shown,
        '  A reference must yield the ID, external ID or an alias of one entry in the referenced type.',
      ].join('\n'),
    );
  }
}
