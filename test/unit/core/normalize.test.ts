import {describe, expect, it} from 'vitest';
import {canonicalStored, normalizeAliases, sameValue, toStoredValue} from '../../../src/core/normalize.js';
import {attribute} from '../../helpers/factories.js';

describe('toStoredValue', () => {
  it('writes numbers as decimal text and booleans as "true"/"false"', () => {
    expect(toStoredValue(attribute('n', 'Number'), 1.5)).toEqual({ok: true, value: '1.5'});
    expect(toStoredValue(attribute('b', 'Bool'), false)).toEqual({ok: true, value: 'false'});
  });

  it('treats null, missing and empty strings as no value', () => {
    for (const value of [null, undefined, ''])
      expect(toStoredValue(attribute('s'), value)).toEqual({ok: true, value: undefined});
    expect(toStoredValue(attribute('s', 'String', {array: true}), [])).toEqual({ok: true, value: undefined});
  });

  it('refuses values of the wrong type and says what was expected', () => {
    expect(toStoredValue(attribute('s'), 3)).toEqual({ok: false, expected: 'a string'});
    expect(toStoredValue(attribute('n', 'Number'), '3')).toEqual({ok: false, expected: 'a number'});
    expect(toStoredValue(attribute('b', 'Bool'), 'yes')).toEqual({ok: false, expected: 'a boolean'});
    expect(toStoredValue(attribute('s'), ['a'])).toEqual({ok: false, expected: 'a string'});
    expect(toStoredValue(attribute('s', 'String', {array: true}), [1])).toEqual({
      ok: false,
      expected: 'a string or an array of them',
    });
  });

  it('wraps a single value for an array attribute and drops empty items', () => {
    expect(toStoredValue(attribute('s', 'String', {array: true}), 'x')).toEqual({ok: true, value: ['x']});
    expect(toStoredValue(attribute('s', 'String', {array: true}), ['x', null, ''])).toEqual({ok: true, value: ['x']});
  });

  it('stores rich text without trailing whitespace', () => {
    expect(toStoredValue(attribute('t', 'Text'), '# Title\n\nBody\n')).toEqual({ok: true, value: '# Title\n\nBody'});
  });
});

describe('canonicalStored', () => {
  it('puts values read from incident.io in the same form', () => {
    expect(canonicalStored(attribute('n', 'Number'), '1.50')).toBe('1.5');
    expect(canonicalStored(attribute('b', 'Bool'), 'TRUE')).toBe('true');
    expect(canonicalStored(attribute('s'), '')).toBeUndefined();
    expect(canonicalStored(attribute('s', 'String', {array: true}), [])).toBeUndefined();
    expect(canonicalStored(attribute('t', 'Text'), 'x \n')).toBe('x');
  });
});

describe('sameValue and aliases', () => {
  it('compares literals and lists exactly', () => {
    expect(sameValue('a', 'a')).toBe(true);
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue('a', ['a'])).toBe(false);
    expect(sameValue(undefined, 'a')).toBe(false);
  });

  it('normalises aliases to a sorted set', () => {
    expect(normalizeAliases(['b', 'a', '', 'b'])).toEqual(['a', 'b']);
  });
});
