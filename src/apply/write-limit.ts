// One limit of writes in flight for a whole apply: every write, wherever it is started (a phase's
// pool, a bulk update's one-by-one fallback, a type change), takes a slot first.
import type {CatalogWriter} from '../core/ports.js';

export interface WriteLimit {
  /** Runs `write` once a slot is free; the slot is freed when it settles. */
  run<T>(write: () => Promise<T>): Promise<T>;
  /** Writes sent and not yet answered (not those still waiting for a slot). */
  inFlight(): number;
}

/**
 * An entry write that got its slot after a stop was requested: it was never sent. Thrown by the
 * writer `limitWrites` returns so apply counts the change as not started; never leaves apply.
 */
export class WriteNotStarted extends Error {
  constructor() {
    super('not started: a stop was requested while this write waited for a slot');
  }
}

export function createWriteLimit(slots: number): WriteLimit {
  let free = Math.max(1, slots);
  let sending = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) free += 1;
    else next(); // hand the slot straight on
  };
  return {
    async run<T>(write: () => Promise<T>): Promise<T> {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let sent = false;
      try {
        const pending = write();
        sent = true;
        sending += 1;
        return await pending;
      } finally {
        if (sent) sending -= 1;
        release();
      }
    },
    inFlight: () => sending,
  };
}

/**
 * The writer with every write taking a slot of `limit` first. An entry write that gets its slot
 * once `shouldStop()` is true is not sent (WriteNotStarted): many writes may be queued on the limit
 * (each fallback lane queues one), and after Ctrl-C only those already sent may still finish.
 * Type writes are sent regardless: prepareTypes checks the stop between syncs, not inside one.
 */
export function limitWrites(
  writer: CatalogWriter,
  limit: WriteLimit,
  shouldStop: () => boolean = () => false,
): CatalogWriter {
  const entryWrite = <T>(write: () => Promise<T>): Promise<T> =>
    limit.run(() => {
      if (shouldStop()) throw new WriteNotStarted(); // thrown before sending: not counted in flight
      return write();
    });
  return {
    createEntry: (...a) => entryWrite(() => writer.createEntry(...a)),
    updateEntry: (...a) => entryWrite(() => writer.updateEntry(...a)),
    bulkUpdate: (...a) => entryWrite(() => writer.bulkUpdate(...a)),
    deleteEntry: (...a) => entryWrite(() => writer.deleteEntry(...a)),
    annotateType: (...a) => limit.run(() => writer.annotateType(...a)),
    createType: (...a) => limit.run(() => writer.createType(...a)),
    updateType: (...a) => limit.run(() => writer.updateType(...a)),
    updateSchema: (...a) => limit.run(() => writer.updateSchema(...a)),
  };
}
