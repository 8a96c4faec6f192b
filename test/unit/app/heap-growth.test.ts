import {describe, expect, it} from 'vitest';
import {growingPercent, userSetsGrowth} from '../../../src/app/heap-growth.js';

const MB = 2 ** 20;

describe('how far the heap may grow between two full collections', () => {
  it('is 32 MB while little survives, a tenth once that is more, reckoned for the most that can survive next', () => {
    // what survived, what can survive at the next collection, the growth allowed then
    expect(growingPercent(0)).toBe(100); // 32 MB of 32 MB
    expect(growingPercent(4 * MB)).toBe(89); // 32 MB of 36 MB
    expect(growingPercent(40 * MB)).toBe(45); // 32 MB of 72 MB
    expect(growingPercent(160 * MB)).toBe(17); // 32 MB of 192 MB
    expect(growingPercent(320 * MB)).toBe(10); // 35 MB of 352 MB
    expect(growingPercent(4000 * MB)).toBe(10);
  });
});

describe('a growth the user set when starting node', () => {
  it('is kept: reconcile leaves the flag alone', () => {
    expect(userSetsGrowth(['--heap-growing-percent=50'])).toBe(true);
    expect(userSetsGrowth(['--heap_growing_percent', '50'])).toBe(true);
    expect(userSetsGrowth(['-heap-growing-percent=50'])).toBe(true);
    expect(userSetsGrowth(['--predictable-gc-schedule'])).toBe(true);
  });

  it('is left alone when a change at run time would abort node', () => {
    expect(userSetsGrowth(['--freeze-flags-after-init'])).toBe(true);
    expect(userSetsGrowth(['--abort_on_contradictory_flags'])).toBe(true);
    expect(userSetsGrowth(['--fuzzing'])).toBe(true);
    expect(userSetsGrowth(['--no-freeze-flags-after-init'])).toBe(false);
    expect(userSetsGrowth(['--heap-growing-percentage=5'])).toBe(false);
    expect(userSetsGrowth(['--max-old-space-size=4096', '--enable-source-maps'])).toBe(false);
    expect(userSetsGrowth([])).toBe(false);
  });
});
