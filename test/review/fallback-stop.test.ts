// Review 8b: Ctrl-C during bulk-update fallbacks. Writes queued on the apply's one write limit
// (started by a fallback lane, waiting for a slot) are still sent after the stop request.
import {describe, expect, it} from 'vitest';
import {applyPlan} from '../../src/apply/apply-plan.js';
import {computePlan} from '../../src/core/planner.js';
import {current, desired, schema} from '../helpers/factories.js';
import {MemoryWriter} from '../helpers/memory-writer.js';

function updates(n: number) {
  return computePlan({
    sync: 's', blueprint: 'b', schema: schema(), ownedAttributeIds: ['attr-url'],
    desired: Array.from({length: n}, (_, i) => desired(`upd${i}`, {name: 'Changed'})),
    current: Array.from({length: n}, (_, i) => current(`upd${i}`)),
  });
}

describe('Ctrl-C during fallbacks (review 8b)', () => {
  it('sends no single update after the stop request beyond those in flight', async () => {
    const writer = new MemoryWriter();
    for (let batch = 0; batch < 10; batch += 1) writer.refuse.add(`entry-upd${batch * 100 + 99}`);
    let stop = false;
    let inFlightAtStop = -1;
    let sentAtStop = -1;
    const report = await applyPlan([updates(1000)], writer, {
      concurrency: 10,
      onEvent: (e) => {
        if (e.type === 'done' && !stop) {
          stop = true;
          inFlightAtStop = writer.inFlight;
          sentAtStop = writer.calls.filter((c) => c.startsWith('update ')).length;
        }
      },
      shouldStop: () => stop,
    });
    const singles = writer.calls.filter((c) => c.startsWith('update ')).length;
    // At most the writes in flight when Ctrl-C came may still finish; nothing new may be sent.
    expect({singles, report: report.notStarted}).toEqual({singles: sentAtStop, report: 1000 - singles});
    expect(inFlightAtStop).toBeLessThanOrEqual(10);
  });
});
