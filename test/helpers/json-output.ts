// Typed reads of what `--json` prints and `plan --out` saves (schemas/plan.schema.json), so tests
// never handle `any`. These only name the shape; the tests that need it check it against the schema.
import {readFileSync} from 'node:fs';
import type {PlanDocument} from '../../src/core/plan-document.js';

/** The error a run ended with, as the document carries it. */
export interface RunError {
  message: string;
  exit_code: number;
}

/** `apply --json` only: what was written. */
export interface ApplyResult {
  created: number;
  updated: number;
  deleted: number;
  not_started: number;
  interrupted?: boolean;
  held_back?: Array<{sync: string; type_name: string; by: string; not_started: number}>;
  failures: Array<{sync: string; action?: string; external_id?: string; message: string}>;
}

/** A document with a plan in it: `plan --json`, `plan --out`, `apply --json` once it had a plan. */
export type PlanJson = PlanDocument & {result?: ApplyResult; error?: RunError};

/** Any document `--json` prints: a run that failed before it had a plan prints only format_version and error. */
export type JsonDocument = Partial<PlanDocument> & {format_version: string; result?: ApplyResult; error?: RunError};

/** The plan document in `text` (stdout of `plan --json` or `apply --json`). */
export function parsePlan(text: string): PlanJson {
  return JSON.parse(text) as PlanJson;
}

/** Whatever document `text` holds: a plan, or only an error. */
export function parseDocument(text: string): JsonDocument {
  return JSON.parse(text) as JsonDocument;
}

/** The plan `plan --out FILE` saved. */
export function readPlan(file: string): PlanJson {
  return parsePlan(readFileSync(file, 'utf8'));
}
