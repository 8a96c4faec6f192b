// Saved plans on disk: written by `plan --out`, read (and checked against schemas/plan.schema.json,
// the format version and the config digest) by `apply PLAN`.
import {createHash} from 'node:crypto';
import {closeSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import {PlanFileError, StalePlanError} from '../core/errors.js';
import {PLAN_FORMAT_VERSION, type PlanDocument} from '../core/plan-document.js';
import {schemaValidator} from '../config/json-schema.js';
import type {Expression, SyncConfig} from '../config/types.js';

const PACKAGE_URL = new URL('../../package.json', import.meta.url);

export const TOOL_VERSION: string = (JSON.parse(readFileSync(PACKAGE_URL, 'utf8')) as {version: string}).version;

function isExpression(value: unknown): value is Expression {
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as Expression).source === 'string' && 'location' in value;
}

/** JSON with sorted keys; an expression counts by its text, not where it sits in the file. */
function canonical(value: unknown): unknown {
  if (isExpression(value)) return {expression: value.source};
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, canonical(record[key])]),
    );
  }
  return value;
}

/**
 * sha256 of what the config means: the base URLs and every field of every (interpolated) sync:
 * source, query, filter, mappings, declared type, prune, maxDeletePercent, and any field added
 * later, since the whole spec is hashed. Credentials, http pacing, comments and positions are
 * left out: they change how a plan is carried out, not what it does.
 */
export function configDigest(config: SyncConfig): string {
  const meaning = canonical({port: config.port.baseUrl, incident: config.incident.baseUrl, syncs: config.syncs});
  return `sha256:${createHash('sha256').update(JSON.stringify(meaning)).digest('hex')}`;
}

/**
 * Writes the document `write` produces to `file`, through a file beside it renamed at the end:
 * a failure half way leaves no half plan behind under the name `apply` would read.
 */
export async function writePlanFile(
  file: string,
  write: (sink: (text: string) => void) => Promise<void>,
): Promise<void> {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  try {
    await write((text) => {
      writeSync(fd, text);
    });
  } catch (error) {
    closeSync(fd);
    rmSync(partial, {force: true});
    throw error;
  }
  closeSync(fd);
  renameSync(partial, file);
}

/** Reads and checks a saved plan: schema, format version, and that it was made from this config. */
export function readPlanFile(file: string, config: SyncConfig): PlanDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PlanFileError(`${file}: not a readable plan file (${(error as Error).message})`);
  }
  const version = (raw as {format_version?: unknown})?.format_version;
  const major = typeof version === 'string' ? Number(version.split('.')[0]) : NaN;
  if (Number.isFinite(major) && major > Number(PLAN_FORMAT_VERSION.split('.')[0])) {
    throw new StalePlanError(
      `${file} was written in plan format ${String(version)}, newer than this reconcile (${TOOL_VERSION}) reads (${PLAN_FORMAT_VERSION}). Upgrade reconcile, or make the plan again.`,
    );
  }
  const validate = schemaValidator<PlanDocument>('plan.schema.json');
  if (!validate(raw)) {
    const problems = (validate.errors ?? [])
      .slice(0, 10)
      .map((e) => `  ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new PlanFileError([`${file} does not match schemas/plan.schema.json:`, ...problems].join('\n'));
  }
  if (raw.config_digest !== configDigest(config)) {
    throw new StalePlanError(
      `${file} was made from a different configuration than ${config.file} (config digest ${raw.config_digest.slice(0, 19)}… ≠ ${configDigest(config).slice(0, 19)}…). Make the plan again from this config.`,
    );
  }
  return raw;
}
