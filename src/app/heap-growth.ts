// Keeps the garbage a run carries in proportion to what it keeps. After each full garbage collection
// V8 lets the old generation grow to up to 4 times what survived before it collects again, when it
// judges collecting cheap next to the program's work: a plan keeping 400 MB of after values then
// peaks near 800 MB, an apply keeping 90 MB near 400 MB. Here the growth between two full
// collections is at most 32 MB or a tenth of what survived, whichever is more (plus the 16 MB of the
// young generation V8 adds to every threshold): test/e2e/heap-growth.test.ts reads it from V8's trace.
// This is no limit on the heap (no --max-old-space-size): a catalog that needs more memory gets it,
// so it adds no out-of-memory risk; the price is more full collections (a few % more CPU).
//
// Why a flag set at run time is safe here, though Node's documentation warns against changing V8's
// flags once it runs: Node starts V8 with --no-freeze-flags-after-init precisely so that
// v8.setFlagsFromString works; V8 reads --heap-growing-percent only in MemoryController::GrowingFactor,
// when a collection on the main thread sets the next thresholds (old generation and global); it is
// written here from a PerformanceObserver callback, on the main thread between collections, so the
// two never meet. The flag implies no other, and a valid value prints nothing. Side effects, known
// and accepted: each change resets V8's flag hash, so a built-in module loaded afterwards is compiled
// without its code cache (tens of ms; the first change waits for the first full collection, when a
// run has loaded what it needs, and a small run never gets there, so never changes a flag); and the
// percent is read when a collection comes, so it is the bound between event-loop turns: a long
// synchronous stretch collects with the percent of the turn before.
// Left alone, because the user chose: a node started with its own growing percent, or with a flag
// that makes a change at run time abort (--freeze-flags-after-init, --abort-on-contradictory-flags,
// --fuzzing), or with --predictable-gc-schedule (which sets its own). The flag is process-wide: call
// this from the main thread only, never from a worker.
// (A stress run changed it after each of 1,229 collections in 90 s of allocation: no fault.)
import {constants, PerformanceObserver, type PerformanceEntry} from 'node:perf_hooks';
import {getHeapStatistics, setFlagsFromString} from 'node:v8';

/** The growth always allowed, however little survived: small runs are not collected over and over. */
const MIN_GROWTH = 32 * 2 ** 20;
const MIN_PERCENT = 10;
/** V8's own ceiling (a factor of 4). */
const MAX_PERCENT = 300;

/**
 * The growing percent to set once `liveBytes` survived a full collection. V8 applies it at the next one, when more
 * may have survived: it is reckoned for the most that can survive by then (what survived now plus the growth it
 * allows), so that the heap grows by at most 32 MB or a tenth of what survived at every collection.
 */
export function growingPercent(liveBytes: number): number {
  const live = Math.max(liveBytes, 0);
  const nextLive = live + Math.max(MIN_GROWTH, (live * MIN_PERCENT) / 100);
  const percent = Math.ceil((MIN_GROWTH / nextLive) * 100);
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, percent));
}

/** Node's own flags that make V8's heap growth the user's (V8 takes `_` for `-`, and one dash for two). */
const USER_CHOICE = [
  'heap-growing-percent',
  'freeze-flags-after-init',
  'abort-on-contradictory-flags',
  'fuzzing',
  'predictable-gc-schedule',
];

/** Whether node was started with flags that leave the heap's growth to the user (see above). */
export function userSetsGrowth(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => {
    const name = /^--?([\w-]+)(=|$)/.exec(arg)?.[1]?.replaceAll('_', '-');
    return name !== undefined && USER_CHOICE.includes(name);
  });
}

let observer: PerformanceObserver | undefined;

/**
 * From now on, after each full collection, sets V8's heap growing factor from what survived it
 * (V8 reads the flag each time it sets the next collection's threshold). Once per process, main thread.
 */
export function boundHeapGrowth(): void {
  if (observer !== undefined || userSetsGrowth(process.execArgv)) return;
  let current = 0;
  const adjust = (): void => {
    const percent = growingPercent(getHeapStatistics().used_heap_size);
    if (percent === current) return;
    current = percent;
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  };
  const major = (entry: PerformanceEntry): boolean =>
    (entry as {readonly detail?: {readonly kind?: number}}).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
  observer = new PerformanceObserver((list) => {
    if (list.getEntries().some(major)) adjust();
  });
  observer.observe({entryTypes: ['gc']});
}
