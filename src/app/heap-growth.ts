// Keeps the garbage a run carries in proportion to what it keeps. After each full garbage collection
// V8 lets the old generation grow to up to 4 times what survived before it collects again, when it
// judges collecting cheap next to the program's work: a plan keeping 400 MB of after values then
// peaks near 800 MB, an apply keeping 90 MB near 400 MB. Here the growth between two full
// collections is at most 32 MB or a tenth of what survived, whichever is more.
// This is no limit on the heap (no --max-old-space-size): a catalog that needs more memory gets it,
// so it adds no out-of-memory risk; the price is more full collections (a few % more CPU).
import {constants, PerformanceObserver, type PerformanceEntry} from 'node:perf_hooks';
import {getHeapStatistics, setFlagsFromString} from 'node:v8';

/** The growth always allowed, however little survived: small runs are not collected over and over. */
const MIN_GROWTH = 32 * 2 ** 20;
const MIN_PERCENT = 10;
/** V8's own ceiling (a factor of 4). */
const MAX_PERCENT = 300;

/** How much (in % of `liveBytes`) the old generation may grow before the next full collection. */
export function growingPercent(liveBytes: number): number {
  const percent = Math.ceil((MIN_GROWTH / Math.max(liveBytes, 1)) * 100);
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, percent));
}

let observer: PerformanceObserver | undefined;

/**
 * From now on, after each full collection, sets V8's heap growing factor from what survived it
 * (V8 reads the flag each time it sets the next collection's threshold). Once per process.
 */
export function boundHeapGrowth(): void {
  if (observer !== undefined) return;
  let current = 0;
  const adjust = (): void => {
    const percent = growingPercent(getHeapStatistics().used_heap_size);
    if (percent === current) return;
    current = percent;
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  };
  adjust();
  const major = (entry: PerformanceEntry): boolean =>
    (entry as {readonly detail?: {readonly kind?: number}}).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
  observer = new PerformanceObserver((list) => {
    if (list.getEntries().some(major)) adjust();
  });
  observer.observe({entryTypes: ['gc']});
}
