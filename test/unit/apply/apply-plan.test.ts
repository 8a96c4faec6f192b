import {describe, expect, it} from 'vitest';
import {applyPlan, type ApplyEvent} from '../../../src/apply/apply-plan.js';
import {computePlan} from '../../../src/core/planner.js';
import {current, desired, schema} from '../../helpers/factories.js';
import {MemoryWriter} from '../../helpers/memory-writer.js';

function planWith(creates: number, updates: number, deletes: number) {
  const want = [
    ...Array.from({length: creates}, (_, i) => desired(`new${i}`)),
    ...Array.from({length: updates}, (_, i) => desired(`upd${i}`, {name: 'Changed'})),
  ];
  const have = [
    ...Array.from({length: updates}, (_, i) => current(`upd${i}`)),
    ...Array.from({length: deletes}, (_, i) => current(`del${i}`)),
  ];
  return computePlan({
    sync: 's',
    blueprint: 'b',
    schema: schema(),
    ownedAttributeIds: ['attr-url'],
    desired: want,
    current: have,
  });
}

describe('applyPlan', () => {
  it('writes creates, then updates, then deletes', async () => {
    const writer = new MemoryWriter();
    const report = await applyPlan([planWith(3, 2, 2)], writer, {concurrency: 1});
    expect(writer.calls).toEqual([
      'create new0',
      'create new1',
      'create new2',
      'bulk 2',
      'delete entry-del0',
      'delete entry-del1',
    ]);
    expect(report).toMatchObject({created: 3, updated: 2, deleted: 2, notStarted: 0, failures: []});
  });

  it('sends updates 250 per bulk request: 10,000 updates are 40 requests', async () => {
    const writer = new MemoryWriter();
    const report = await applyPlan([planWith(0, 10_000, 0)], writer, {concurrency: 10});
    expect(writer.calls).toHaveLength(40);
    expect(new Set(writer.calls)).toEqual(new Set(['bulk 250']));
    expect(report.updated).toBe(10_000);
  });

  it('keeps at most `concurrency` writes in flight', async () => {
    const writer = new MemoryWriter();
    await applyPlan([planWith(50, 0, 50)], writer, {concurrency: 7});
    expect(writer.maxInFlight).toBe(7);
  });

  it('falls back to single updates when a bulk update is refused, and reports only the bad entry', async () => {
    const writer = new MemoryWriter();
    writer.refuse.add('entry-upd3');
    const events: ApplyEvent[] = [];
    const report = await applyPlan([planWith(0, 5, 0)], writer, {concurrency: 1, onEvent: (e) => events.push(e)});
    expect(writer.calls).toEqual([
      'bulk 5',
      'update entry-upd0',
      'update entry-upd1',
      'update entry-upd2',
      'update entry-upd3',
      'update entry-upd4',
    ]);
    expect(report.updated).toBe(4);
    expect(report.failures.map((f) => f.action.externalId)).toEqual(['upd3']);
    expect(events.filter((e) => e.type === 'fallback')).toHaveLength(1);
  });

  it('keeps one limit of writes in flight for the whole apply, fallbacks included', async () => {
    const writer = new MemoryWriter();
    for (let batch = 0; batch < 6; batch += 1) writer.refuse.add(`entry-upd${batch * 250 + 7}`);
    const report = await applyPlan([planWith(0, 1500, 0)], writer, {concurrency: 3});
    expect(writer.calls.filter((c) => c === 'bulk 250')).toHaveLength(6);
    expect(report.updated).toBe(1494);
    expect(report.failures.map((f) => f.action.externalId).sort()).toEqual([
      'upd1007',
      'upd1257',
      'upd257',
      'upd507',
      'upd7',
      'upd757',
    ]);
    expect(writer.maxInFlight).toBe(3);
  });

  it('stops a fallback on Ctrl-C: no new single update starts, the rest are counted as not started', async () => {
    const writer = new MemoryWriter();
    writer.refuse.add('entry-upd3');
    let done = 0;
    const report = await applyPlan([planWith(0, 100, 0)], writer, {
      concurrency: 2,
      onEvent: (e) => (e.type === 'done' ? (done += 1) : undefined),
      shouldStop: () => done >= 5,
    });
    const singles = writer.calls.filter((c) => c.startsWith('update ')).length;
    expect(singles).toBeLessThan(10);
    expect(report.updated + report.failures.length).toBe(singles);
    expect(report.notStarted).toBe(100 - singles);
  });

  it('keeps going after a failed create and counts it', async () => {
    const writer = new MemoryWriter();
    writer.refuse.add('new1');
    const report = await applyPlan([planWith(3, 0, 1)], writer, {concurrency: 2});
    expect(report).toMatchObject({created: 2, deleted: 1});
    expect(report.failures[0]?.error.message).toContain('HTTP 422');
  });

  it('marks the type as owned first, and writes none of its entries when that fails', async () => {
    const claimed = {...planWith(2, 0, 0), claimType: {annotations: {'reconcile.sync-id': 's'}}};
    const writer = new MemoryWriter();
    await applyPlan([claimed], writer, {concurrency: 1});
    expect(writer.calls).toEqual(['annotate type-1 {"reconcile.sync-id":"s"}', 'create new0', 'create new1']);

    const refusing = new MemoryWriter();
    refusing.refuse.add('type-1');
    const report = await applyPlan([claimed], refusing, {concurrency: 1});
    expect(refusing.calls).toEqual(['annotate type-1 {"reconcile.sync-id":"s"}']);
    expect(report).toMatchObject({created: 0, notStarted: 2});
    expect(report.claimFailures.map((f) => f.sync)).toEqual(['s']);
  });

  it('holds back the syncs that reference a type that could not be prepared, and is not "interrupted"', async () => {
    const teams = {
      ...planWith(2, 0, 0),
      sync: 'teams',
      catalogTypeId: 'T',
      typeName: 'Custom["Team"]',
      claimType: {annotations: {'reconcile.sync-id': 'teams'}},
    };
    const services = {
      ...planWith(3, 0, 0),
      sync: 'services',
      typeName: 'Custom["Service"]',
      references: ['Custom["Team"]'],
    };
    const apps = {...planWith(1, 0, 0), sync: 'apps', references: ['Custom["Service"]']};
    const other = {...planWith(1, 0, 0), sync: 'other', references: ['Custom["Elsewhere"]']};
    const writer = new MemoryWriter();
    writer.refuse.add('T');
    const report = await applyPlan([teams, services, apps, other], writer, {concurrency: 1});
    expect(writer.calls).toEqual(['annotate T {"reconcile.sync-id":"teams"}', 'create new0']);
    expect(report).toMatchObject({created: 1, notStarted: 6, interrupted: false});
    expect(report.claimFailures.map((f) => [f.sync, f.notStarted])).toEqual([['teams', 2]]);
    expect(report.heldBack).toEqual([
      {sync: 'services', typeName: 'Custom["Team"]', by: 'teams', byFailed: true, notStarted: 3},
      {sync: 'apps', typeName: 'Custom["Service"]', by: 'services', byFailed: false, notStarted: 1},
    ]);
  });

  it('stops launching writes when asked, finishes those in flight, and counts the rest', async () => {
    const writer = new MemoryWriter();
    let done = 0;
    const report = await applyPlan([planWith(40, 0, 10)], writer, {
      concurrency: 4,
      onEvent: (e) => (e.type === 'done' ? (done += 1) : undefined),
      shouldStop: () => done >= 10,
    });
    expect(report.created).toBeGreaterThanOrEqual(10);
    expect(report.created).toBeLessThanOrEqual(13);
    expect(report.created + report.notStarted).toBe(50);
    expect(report.interrupted).toBe(true);
    expect(writer.calls.some((c) => c.startsWith('delete'))).toBe(false);
  });
  it('after Ctrl-C during bulk fallbacks, sends no write beyond those in flight, and counts those', async () => {
    // 10 refused batches of 100 under --parallelism 10: each fallback queues 10 lanes on the one
    // limit. Writes queued for a slot when Ctrl-C comes must not go out (review 8b: 89 did).
    const writer = new MemoryWriter();
    for (let batch = 0; batch < 10; batch += 1) writer.refuse.add(`entry-upd${batch * 100 + 99}`);
    let stop = false;
    let inFlight = (): number => -1;
    let atStop = {writer: -1, reported: -2, sent: -1};
    const report = await applyPlan([planWith(0, 1000, 0)], writer, {
      concurrency: 10,
      onEvent: (e) => {
        if (e.type === 'start') inFlight = e.inFlight;
        if (e.type === 'done' && !stop) {
          stop = true;
          const sent = writer.calls.filter((c) => c.startsWith('update ')).length;
          atStop = {writer: writer.inFlight, reported: inFlight(), sent};
        }
      },
      shouldStop: () => stop,
    });
    const singles = writer.calls.filter((c) => c.startsWith('update ')).length;
    expect({singles, notStarted: report.notStarted}).toEqual({singles: atStop.sent, notStarted: 1000 - singles});
    expect(report.updated + report.failures.length).toBe(singles);
    expect(report.interrupted).toBe(true);
    // The "(N requests in flight)" hint counts what was sent and not answered, not what waits for a slot.
    expect(atStop.reported).toBe(atStop.writer);
    expect(atStop.writer).toBeLessThanOrEqual(10);
  });
});
