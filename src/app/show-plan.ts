// Shows plans in the chosen format and publishes them to GitHub when running there.
import {planDocumentText} from '../core/plan-document.js';
import type {SyncPlan} from '../core/plan.js';
import {renderPlanMarkdown} from '../render/markdown-plan.js';
import {renderPlanText} from '../render/text-plan.js';
import {publishToGithub} from './github.js';
import type {CommandIo, DisplayOptions} from './io.js';
import {TOOL_VERSION} from './plan-file.js';

/**
 * Pieces are handed on in chunks of about this many characters: few writes, and no big string (V8
 * makes a string past 128 KB a large object, slow to make and kept until a full garbage collection).
 */
const CHUNK = 48 * 1024;

/**
 * Writes the plan's JSON document (and `extra`'s keys after its changes) to `write` as it is
 * serialised, one change at a time: only --json, --out and apply --json build it, never whole.
 */
export async function writePlanDocument(
  plans: readonly SyncPlan[],
  digest: string,
  write: (text: string) => void | Promise<void>,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const meta = {toolVersion: TOOL_VERSION, createdAt: new Date().toISOString(), configDigest: digest};
  let pending: string[] = [];
  let size = 0;
  for (const piece of planDocumentText(plans, meta, extra)) {
    pending.push(piece);
    size += piece.length;
    if (size < CHUNK) continue;
    await write(pending.join(''));
    pending = [];
    size = 0;
  }
  if (pending.length > 0) await write(pending.join(''));
}

/** Where a JSON document goes on stdout: written as it drains, never queued whole. */
export function stdoutOf(io: CommandIo): (text: string) => void | Promise<void> {
  return io.outStream ?? io.out;
}

/** Prints the plan (text or Markdown; JSON is printed by the caller, once, with any result). */
export function showPlan(
  plans: readonly SyncPlan[],
  display: DisplayOptions,
  io: CommandIo,
  title = 'reconcile plan',
): void {
  let markdown: string | undefined;
  const renderMarkdown = (): string => (markdown ??= renderPlanMarkdown(plans, {title}));
  if (display.format === 'markdown') io.out(renderMarkdown());
  if (display.format === 'text')
    io.out(renderPlanText(plans, io.style, {compact: display.compact, verbose: display.verbose}));
  publishToGithub(io.env, plans, renderMarkdown);
}
