import {describe, expect, it} from 'vitest';
import {fieldChange} from '../../../src/core/compact-change.js';

const text = (edit: string): string =>
  Array.from({length: 100}, (_, i) => (i === 40 ? edit : `line ${i} of a long text`)).join('\n');

describe('a changed long text', () => {
  it('gives back its before value exactly, kept as the part that differs', () => {
    const before = text('version 1');
    const after = text('version 2, longer');
    const change = fieldChange('readme', before, after);
    expect(typeof Object.getOwnPropertyDescriptor(change, 'before')?.get).toBe('function');
    expect(change.before).toBe(before);
    expect(change.after).toBe(after);
    expect({...change}).toEqual({label: 'readme', before, after});
  });

  it('keeps short values, other types and texts rewritten throughout as they are', () => {
    for (const [before, after] of [
      ['a', 'b'],
      [['x'], ['y']],
      [3, 4],
      [undefined, 'x'],
      [text('a'), undefined],
    ] as const) {
      const change = fieldChange('f', before, after);
      expect(typeof Object.getOwnPropertyDescriptor(change, 'before')?.get).toBe('undefined');
      expect(change).toEqual({label: 'f', before, after});
    }
    const rewritten = fieldChange('f', 'x'.repeat(1000), 'y'.repeat(1000));
    expect(Object.getOwnPropertyDescriptor(rewritten, 'before')?.value).toBe('x'.repeat(1000));
  });

  it('handles edits at either end, growth, shrinking and surrogate pairs', () => {
    const base = text('middle');
    const cases = [
      [`${base}\nappended`, base],
      [base, `${base}\nappended`],
      [`start ${base}`, base],
      [base, `😀${base}`],
      [`😀${base}`, `😃${base}`],
      [base, base.slice(0, 300) + base.slice(400)],
    ];
    for (const [before, after] of cases) expect(fieldChange('t', before, after).before).toBe(before);
  });
});

describe('compact changes in numbers', () => {
  it('share one getter, so 50,000 of them do not cost a closure each', () => {
    const a = fieldChange('readme', text('version 1'), text('version 2'));
    const b = fieldChange('readme', text('version 3'), text('version 4'));
    // The descriptor's getter, read as a plain value (it is compared, never called here).
    const getterOf = (o: object): unknown =>
      (Object.getOwnPropertyDescriptor(o, 'before') as {get?: unknown} | undefined)?.get;
    expect(getterOf(a)).toBeTypeOf('function');
    expect(getterOf(a)).toBe(getterOf(b));
    const parsed: unknown = JSON.parse(JSON.stringify(a));
    expect(parsed).toEqual({label: 'readme', after: text('version 2'), before: text('version 1')});
  });
});
