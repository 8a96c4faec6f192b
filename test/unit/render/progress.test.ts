import {describe, expect, it} from 'vitest';
import {createProgress} from '../../../src/render/progress.js';
import type {PlanAction} from '../../../src/core/plan.js';

const action = {action: 'delete'} as PlanAction;

describe('createProgress', () => {
  it('prints a line every few seconds without a TTY, with rate and ETA', () => {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({tty: false, write: (s) => out.push(s), now: () => t, intervalMs: 5000});
    progress.onEvent({type: 'start', total: 100, inFlight: () => 0});
    for (let i = 0; i < 100; i += 1) {
      t += 100;
      progress.onEvent({
        type: i === 3 ? 'failed' : 'done',
        sync: 's',
        action,
        ...(i === 3 ? {error: new Error('x')} : {}),
      } as never);
    }
    progress.finish();
    expect(out).toEqual([
      'Applying: 50/100 writes, 1 failed, 10.0/s, ETA 5s\n',
      'Applying: 100/100 writes, 1 failed, 10.0/s, ETA 0s\n',
    ]);
  });

  it('redraws one bar on a TTY', () => {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({tty: true, write: (s) => out.push(s), now: () => t});
    progress.onEvent({type: 'start', total: 4, inFlight: () => 0});
    t = 1000;
    progress.onEvent({type: 'done', sync: 's', action});
    progress.finish();
    expect(out[0]).toBe('\r[#######.......................] 1/4 writes, 1.0/s, ETA 3s\u001B[K');
    expect(out.at(-1)).toBe('\n');
  });
  it('says how many requests are in flight when asked (the Ctrl-C message)', () => {
    let sent = 3;
    const progress = createProgress({tty: false, write: () => undefined, now: () => 0});
    progress.onEvent({type: 'start', total: 300, inFlight: () => sent});
    progress.onEvent({type: 'done', sync: 's', action});
    expect(progress.inFlightHint()).toBe('3 requests; 1/300 writes done');
    sent = 1;
    expect(progress.inFlightHint()).toBe('1 request; 1/300 writes done');
  });
});
