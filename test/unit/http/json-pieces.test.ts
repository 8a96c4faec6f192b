import {describe, expect, it} from 'vitest';
import {jsonPieces} from '../../../src/http/json-pieces.js';

/** A catalog page as incident.io sends it. */
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

/** Feeds `text` in chunks of `size` bytes (cutting through strings, escapes and UTF-8 sequences). */
function parsed(text: string, size: number): unknown {
  const bytes = Buffer.from(text);
  const parser = jsonPieces();
  for (let at = 0; at < bytes.length; at += size) parser.feed(bytes.subarray(at, at + size));
  return parser.end();
}

const SIZES = [1, 2, 3, 7, 64, 1000, 65_536, 1 << 30];

function parsesLikeJson(value: unknown, indent?: number): void {
  const text = JSON.stringify(value, null, indent);
  for (const size of SIZES) expect(parsed(text, size), `chunks of ${size}`).toStrictEqual(JSON.parse(text));
}

describe('a JSON body parsed in pieces as it arrives', () => {
  it('gives what JSON.parse gives, in chunks of any size, with every shape of text a value may hold', () => {
    const tricky = (i: number): string =>
      `# Service ${i}\n\n"quoted" and \\backslashed\\ and \\"both\\", tab\t, {braces} [brackets], commas, ` +
      `é ü 中文 😀 \u2028 end\\`.repeat(1 + (i % 3));
    const small = page(30, tricky);
    parsesLikeJson(small);
    parsesLikeJson(small, 2); // blanks between every token
    parsesLikeJson([small, small, 'x', 1, null, [], {}]); // a top-level array
    parsesLikeJson({empty: [], none: {}, list: [[1, [2]], {a: [3]}], s: '\\', n: -1.5e-7, t: true, z: null});
  });

  it('parses scalars and empty containers whole', () => {
    for (const value of [{}, [], 'text', 42, null, true, {a: 1}, [1]]) parsesLikeJson(value);
    expect(parsed(' \n{ } ', 1)).toEqual({});
  });

  it('handles a big page: one item at a time', () => {
    parsesLikeJson(page(600, (i) => `line ${i}\n`.repeat(40)));
  });

  it('keeps a "__proto__" member as an own property, as JSON.parse does', () => {
    const texts = ['{"__proto__": {"polluted": true}, "list": []}', '{"list": [{"__proto__": 1}], "__proto__": [2]}'];
    for (const text of texts) {
      for (const size of SIZES) {
        const value = parsed(text, size) as Record<string, unknown>;
        expect(value).toStrictEqual(JSON.parse(text));
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('throws a SyntaxError wherever JSON.parse would', () => {
    const broken = [
      '{"a": [1,,2]}',
      '{"a": [1,]}',
      '{"a": [,1]}',
      '{"a": 1',
      '{} trailing',
      '{"a": tru}',
      '{"a": 1,}',
      '{,"a": 1}',
      '{,}',
      '{"a": {"b": 1]}',
      '{"a": [1}',
      '{"a": [1}}',
      '{a: 1}',
      '{"a" 1}',
      '{"a": 1 "b": 2}',
      '{"a": [1] 2}',
      '{"a": [1] "b"}',
      '[1 2]',
      '[[1] [2]]',
      '["a",]',
      '',
      '   ',
      '"open',
      '{"a": "open}',
      '[',
      '{"a": {"b": [}}',
      'nul',
      '\uFEFF{}',
    ];
    for (const text of broken) {
      expect(() => JSON.parse(text) as unknown, text).toThrow(SyntaxError);
      for (const size of [1, 3, 1 << 30]) {
        expect(() => parsed(text, size), `${text} in chunks of ${size}`).toThrow(SyntaxError);
      }
    }
  });
});
