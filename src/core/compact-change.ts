// A field change that keeps a long text's before value as the part that differs from its after
// value: a README edited in a line or two costs that line, not the whole text twice. Pure.
import type {FieldChange, FieldValue} from './model.js';

/** Texts shorter than this are kept as they are: the bookkeeping would cost more than it saves. */
const COMPACT_FROM = 512;

/**
 * A fresh copy of `text`. A slice of a string may keep the whole string alive (V8 slices point
 * into their parent); a round trip through JSON makes a string of its own.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Where a compact change keeps what it needs to rebuild `before`: out of sight of spreads and JSON. */
const KEPT = Symbol('compact change');

interface Kept {
  readonly prefix: number;
  readonly middle: string;
  readonly tail: number;
}

/** The one getter every compact change shares (a getter per change would cost a closure and a hidden class each). */
function rebuiltBefore(this: {readonly after: string; readonly [KEPT]: Kept}): string {
  const {prefix, middle, tail} = this[KEPT];
  return this.after.slice(0, prefix) + middle + this.after.slice(tail);
}

/**
 * `{label, before, after}`, where a long string `before` sharing most of its start and end with
 * `after` is kept as the part in between and rebuilt from `after` whenever it is read. Reading
 * `before` gives the same string either way.
 */
export function fieldChange(label: string, before: FieldValue, after: FieldValue): FieldChange {
  if (typeof before !== 'string' || typeof after !== 'string' || before.length < COMPACT_FROM)
    return {label, before, after};
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  const room = shortest - prefix;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix))
    suffix += 1;
  if (prefix + suffix < before.length / 2) return {label, before, after}; // mostly rewritten: nothing to share
  const middle = detached(before.slice(prefix, before.length - suffix));
  const kept: Kept = {prefix, middle, tail: after.length - suffix};
  // Defined the same way on every change, so they share one hidden class (a getter in an object
  // literal makes each object a dictionary: about 400 bytes instead of 100).
  const change = {label, after};
  Object.defineProperty(change, 'before', {get: rebuiltBefore, enumerable: true, configurable: true});
  Object.defineProperty(change, KEPT, {value: kept});
  return change as unknown as FieldChange;
}
