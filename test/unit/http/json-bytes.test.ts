import {describe, expect, it} from 'vitest';
import {parseJsonBytes} from '../../../src/http/json-bytes.js';

/** A catalog page as incident.io sends it: big enough to be parsed in pieces. */
function page(entries: number, text: (i: number) => string): unknown {
  return {
    catalog_entries: Array.from({length: entries}, (_, i) => ({
      id: `01ENTRY${i}`,
      name: `Service ${i}`,
      external_id: `svc-${i}`,
      aliases: [],
      rank: i % 3,
      attribute_values: {readme: {value: {literal: text(i), label: text(i)}}, tags: {array_value: [{literal: 'a'}]}},
    })),
    catalog_type: {id: 'type-1', schema: {attributes: [{id: 'readme', name: 'readme', type: 'Text'}]}},
    pagination_meta: {after: '01ENTRY9', page_size: 250},
  };
}

function parses(value: unknown, indent?: number): void {
  const bytes = Buffer.from(JSON.stringify(value, null, indent));
  expect(parseJsonBytes(bytes)).toStrictEqual(JSON.parse(bytes.toString('utf8')));
}

describe('parseJsonBytes', () => {
  it('gives what JSON.parse gives for a big page, in every shape of text a value may hold', () => {
    const tricky = (i: number): string =>
      `# Service ${i}\n\n"quoted" and \\backslashed\\ and \\"both\\", tab\t, {braces} [brackets], commas, ` +
      `é ü 中文 😀 \u2028 end\\`.repeat(1 + (i % 7));
    const big = page(600, tricky);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(256 * 1024);
    parses(big);
    parses(big, 2); // whitespace between every token
    parses([big, big]); // a top-level array of big containers
  });

  it('parses a value bigger than a piece inside a piece, and long strings of backslashes', () => {
    const inner = Array.from({length: 3000}, (_, i) => ({k: '\\'.repeat(i % 5), n: i * 1.5, b: i % 2 === 0, z: null}));
    parses({outer: {inner}});
    parses({text: 'x'.repeat(200_000), list: ['\\'.repeat(99) + '"', '\\'.repeat(100)], n: -1.5e-7});
  });

  it('keeps a "__proto__" member as an own property, as JSON.parse does', () => {
    const bytes = Buffer.from(`{"__proto__": {"polluted": true}, "pad": "${'x'.repeat(100_000)}"}`);
    const parsed = parseJsonBytes(bytes) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'pad']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('throws a SyntaxError where JSON.parse would, big or small', () => {
    const pad = `"pad": "${'x'.repeat(100_000)}"`;
    const broken = [
      `{${pad}, "a": [1,,2]}`,
      `{${pad}, "a": 1`,
      `{${pad}} trailing`,
      `{${pad}, "a": tru}`,
      `{${pad},}`,
      `{${pad}, "a": {"b": 1]}`,
      `[${pad}]`,
      `{${pad}, a: 1}`,
      `{"a": 1`,
      '',
    ];
    for (const text of broken) {
      expect((): unknown => JSON.parse(text), text.slice(-20)).toThrow(SyntaxError);
      expect(() => parseJsonBytes(Buffer.from(text)), text.slice(-20)).toThrow(SyntaxError);
    }
  });

  it('parses small documents and scalars whole', () => {
    for (const value of [{a: 1}, [], {}, 'text', 42, null, true]) parses(value);
  });
});
