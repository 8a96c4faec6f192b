// Reads an async sequence of pages ahead of its consumer, holding at most `limit` pages: the
// catalog's pages arrive while Port's are still being read, without the whole catalog piling up.
// A failure is kept until the consumer reaches it; a consumer that stops early stops the reading.

export interface ReadAhead<T> extends AsyncIterable<T> {
  /** Stops reading (after the page in flight); pages not consumed are dropped. */
  stop(): void;
}

export function readAhead<T>(source: AsyncIterable<T>, limit: number): ReadAhead<T> {
  const buffer: T[] = [];
  let done = false;
  let stopped = false;
  let failure: {readonly error: unknown} | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = (which: 'consumer' | 'producer'): void => {
    const resume = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeProducer = undefined;
    resume?.();
  };
  const stop = (): void => {
    stopped = true;
    buffer.length = 0;
    wake('producer');
  };
  void (async () => {
    try {
      for await (const page of source) {
        if (stopped) return;
        buffer.push(page);
        wake('consumer');
        while (buffer.length >= limit && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
        if (stopped) return;
      }
    } catch (error) {
      failure = {error};
    } finally {
      done = true;
      wake('consumer');
    }
  })();
  return {
    stop,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          if (buffer.length > 0) {
            const page = buffer.shift() as T;
            wake('producer');
            yield page;
            continue;
          }
          if (failure !== undefined) throw failure.error;
          if (done) return;
          await new Promise<void>((resolve) => (wakeConsumer = resolve));
        }
      } finally {
        stop();
      }
    },
  };
}
