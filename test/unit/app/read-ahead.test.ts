import {describe, expect, it} from 'vitest';
import {readAhead} from '../../../src/app/read-ahead.js';

async function* pages(count: number, read: number[], failAt?: number): AsyncGenerator<number> {
  for (let i = 0; i < count; i += 1) {
    await Promise.resolve(); // a page arrives later, as from the network
    if (i === failAt) throw new Error(`page ${i} failed`);
    read.push(i);
    yield i;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('reading pages ahead', () => {
  it('reads before it is asked, holds at most `limit` pages, and hands on every page in order', async () => {
    const read: number[] = [];
    const ahead = readAhead(pages(10, read), 3);
    await tick();
    expect(read).toEqual([0, 1, 2]); // started at once, stopped at the limit
    const got: number[] = [];
    for await (const page of ahead) got.push(page);
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps a failure until the consumer reaches it, after the pages read before it', async () => {
    const got: number[] = [];
    const ahead = readAhead(pages(10, [], 2), 5);
    await tick();
    await expect(
      (async () => {
        for await (const page of ahead) got.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(got).toEqual([0, 1]);
  });

  it('stops reading when stopped', async () => {
    const read: number[] = [];
    const ahead = readAhead(pages(100, read), 2);
    await tick();
    ahead.stop();
    await tick();
    expect(read.length).toBeLessThanOrEqual(3);
  });
});
