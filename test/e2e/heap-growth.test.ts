// The bound on heap growth, seen from V8 itself: with --trace-gc-verbose, V8 prints the threshold it sets for the
// next full collection after each one ("Limit: old size: X KB, new limit: Y KB (factor)"). A child process keeps a
// growing amount of memory alive; the thresholds it reports show whether boundHeapGrowth() took effect.
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';

const HEAP_GROWTH = fileURLToPath(new URL('../../dist/app/heap-growth.js', import.meta.url));
const MB = 1024; // the trace counts in KB

/** Keeps 300 MB alive, 10 MB at a time (flat strings of 4 KB: a cheap heap to mark), over several collections. */
const CHILD = `
import {boundHeapGrowth} from ${JSON.stringify(HEAP_GROWTH)};
boundHeapGrowth();
const keep = [];
const unit = 'x'.repeat(4000);
for (let round = 0; round < 30; round++) {
  for (let i = 0; i < 2500; i++) keep.push(JSON.parse(JSON.stringify(unit + round + ':' + i)));
  await new Promise((resolve) => setImmediate(resolve));
}
console.log('kept', keep.length);
`;

interface Limit {
  readonly oldKB: number;
  readonly limitKB: number;
}

async function limitsSet(nodeFlags: readonly string[]): Promise<Limit[]> {
  // V8 caps a limit at halfway to the heap's maximum: set one, so a small machine's default cannot bend the figures
  const args = ['--max-old-space-size=4096', ...nodeFlags, '--trace-gc-verbose', '--input-type=module', '-e', CHILD];
  const {stdout} = await promisify(execFile)(process.execPath, args, {maxBuffer: 64 * 2 ** 20});
  expect(stdout).toContain('kept 75000');
  return [...stdout.matchAll(/\[HeapController\] Limit: old size: (\d+) KB, new limit: (\d+) KB/g)].map((m) => ({
    oldKB: Number(m[1]),
    limitKB: Number(m[2]),
  }));
}

describe('the heap between two full collections', () => {
  it('grows by at most 32 MB, or a tenth of what survived once that is more', async () => {
    // the first full collection comes before the bound (V8's own factor): a small run never changes a flag
    const [, ...limits] = await limitsSet([]);
    expect(limits.filter((l) => l.oldKB > 200 * MB).length).toBeGreaterThan(0);
    for (const {oldKB, limitKB} of limits) {
      // V8 adds the young generation's capacity (16 MB) to every limit; percents are whole numbers
      expect(limitKB - oldKB).toBeLessThanOrEqual(Math.max(32 * MB, oldKB / 10) * 1.2 + 16 * MB);
    }
  }, 60_000);

  it('is left to the growth a user set when starting node', async () => {
    const limits = await limitsSet(['--heap-growing-percent=200']);
    expect(limits.length).toBeGreaterThan(1);
    for (const {oldKB, limitKB} of limits) expect(limitKB).toBeGreaterThanOrEqual(oldKB * 2.9);
  }, 60_000);
});
