// One limit of writes in flight for a whole apply: every write, wherever it is started (a phase's
// pool, a bulk update's one-by-one fallback, a type change), takes a slot first.
import type {CatalogWriter} from '../core/ports.js';

export interface WriteLimit {
  /** Runs `write` once a slot is free; the slot is freed when it settles. */
  run<T>(write: () => Promise<T>): Promise<T>;
}

export function createWriteLimit(slots: number): WriteLimit {
  let free = Math.max(1, slots);
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
      try {
        return await write();
      } finally {
        release();
      }
    },
  };
}

/** The writer with every write taking a slot of `limit` first. */
export function limitWrites(writer: CatalogWriter, limit: WriteLimit): CatalogWriter {
  return {
    createEntry: (...a) => limit.run(() => writer.createEntry(...a)),
    updateEntry: (...a) => limit.run(() => writer.updateEntry(...a)),
    bulkUpdate: (...a) => limit.run(() => writer.bulkUpdate(...a)),
    deleteEntry: (...a) => limit.run(() => writer.deleteEntry(...a)),
    annotateType: (...a) => limit.run(() => writer.annotateType(...a)),
    createType: (...a) => limit.run(() => writer.createType(...a)),
    updateType: (...a) => limit.run(() => writer.updateType(...a)),
    updateSchema: (...a) => limit.run(() => writer.updateSchema(...a)),
  };
}
