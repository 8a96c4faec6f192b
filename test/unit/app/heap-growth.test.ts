import {describe, expect, it} from 'vitest';
import {growingPercent} from '../../../src/app/heap-growth.js';

const MB = 2 ** 20;

describe('how far the heap may grow between two full collections', () => {
  it("is 32 MB while little survives, a tenth of what survives once that is more, and never past V8's own 4x", () => {
    expect(growingPercent(4 * MB)).toBe(300); // V8's ceiling
    expect(growingPercent(40 * MB)).toBe(80); // 32 MB
    expect(growingPercent(160 * MB)).toBe(20); // 32 MB
    expect(growingPercent(400 * MB)).toBe(10); // 40 MB
    expect(growingPercent(4000 * MB)).toBe(10);
    expect(growingPercent(0)).toBe(300);
  });
});
