import {describe, expect, it} from 'vitest';
import {listingIsCheaper} from '../../../src/app/read-entries.js';
import {schema} from '../../helpers/factories.js';

describe('listingIsCheaper', () => {
  const sized = (estimatedCount?: number) => ({...schema(), ...(estimatedCount === undefined ? {} : {estimatedCount})});

  it('lists when there are more values to look up than pages to read', () => {
    expect(listingIsCheaper(sized(5), 2)).toBe(true); // one page beats two lookups
    expect(listingIsCheaper(sized(5), 1)).toBe(false);
    expect(listingIsCheaper(sized(1_005), 5)).toBe(false); // five pages, five lookups
    expect(listingIsCheaper(sized(1_005), 6)).toBe(true);
    expect(listingIsCheaper(sized(0), 2)).toBe(true);
  });

  it('without an estimate, assumes the largest type (200 pages)', () => {
    expect(listingIsCheaper(sized(), 200)).toBe(false);
    expect(listingIsCheaper(sized(), 201)).toBe(true);
  });
});
