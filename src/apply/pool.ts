// Runs tasks with at most `concurrency` in flight. Once `shouldStop()` is true no task is started;
// those in flight are awaited. Returns how many tasks were never started.

export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<number> {
  let next = 0;
  const lanes = Array.from({length: Math.max(1, Math.min(concurrency, items.length))}, async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next]!;
      next += 1;
      await worker(item);
    }
  });
  await Promise.all(lanes);
  return items.length - next;
}
