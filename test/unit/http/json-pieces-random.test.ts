// Property-style checks of the incremental JSON parser: many random documents, written with random
// blanks and escapes, fed in random chunks, must parse exactly as JSON.parse parses them; and random
// corruptions of them must throw exactly when JSON.parse throws. Seeded, so a failure repeats.
import {isDeepStrictEqual} from 'node:util';
import {describe, expect, it} from 'vitest';
import {jsonPieces} from '../../../src/http/json-pieces.js';
import {seededRandom} from '../../helpers/random.js';

const generator = seededRandom;

const CHARS = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '/',
  ',',
  ':',
  '[',
  ']',
  '{',
  '}',
  '\n',
  '\t',
  '\u0001',
  'é',
  '中',
  '😀',
  '\u2028',
];
const KEYS = ['id', 'name', '__proto__', 'constructor', 'toString', '0', '10', '1', '', 'a"b', 'é', 'catalog_entries'];

function randomString(random: () => number): string {
  const length = Math.floor(random() * 12);
  let text = '';
  for (let i = 0; i < length; i += 1) text += CHARS[Math.floor(random() * CHARS.length)]!;
  return text;
}

function randomNumber(random: () => number): string {
  const forms = ['0', '-0', '7', '-12', '3.25', '1e3', '-2.5E-7', '1E+2', '123456789012345678901234', '0.1'];
  return forms[Math.floor(random() * forms.length)]!;
}

/** One character of a JSON string, written plainly or as an escape (surrogate pairs as two \u escapes). */
function writeChar(char: string, random: () => number): string {
  const escapes: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '/': '\\/'};
  const code = char.codePointAt(0)!;
  const asUnicode = (): string =>
    Array.from({length: char.length}, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  if (code < 0x20) return asUnicode();
  if (char in escapes) return char === '/' && random() < 0.5 ? '/' : escapes[char]!;
  return random() < 0.3 ? asUnicode() : char;
}

function writeString(text: string, random: () => number): string {
  return `"${Array.from(text, (char) => writeChar(char, random)).join('')}"`;
}

const BLANKS = ['', '', '', ' ', '\n', '\t', '\r\n', '  '];
const blank = (random: () => number): string => BLANKS[Math.floor(random() * BLANKS.length)]!;

/** A random JSON text: the shape of an API page at the top (an object with arrays), anything below. */
function writeValue(random: () => number, depth: number): string {
  const b = (): string => blank(random);
  const kind = depth > 4 ? Math.floor(random() * 4) : Math.floor(random() * 7);
  switch (kind) {
    case 0:
      return writeString(randomString(random), random);
    case 1:
      return randomNumber(random);
    case 2:
      return ['true', 'false', 'null'][Math.floor(random() * 3)]!;
    case 3:
      return writeString(randomString(random), random);
    case 4:
    case 5: {
      const items = Array.from({length: Math.floor(random() * 5)}, () => b() + writeValue(random, depth + 1) + b());
      return `[${items.length === 0 ? b() : items.join(',')}]`;
    }
    default: {
      const count = Math.floor(random() * 5);
      const members = Array.from({length: count}, () => {
        const key = random() < 0.7 ? KEYS[Math.floor(random() * KEYS.length)]! : randomString(random);
        return `${b()}${writeString(key, random)}${b()}:${b()}${writeValue(random, depth + 1)}${b()}`;
      });
      return `{${members.length === 0 ? b() : members.join(',')}}`;
    }
  }
}

function writeDocument(random: () => number): string {
  const b = (): string => blank(random);
  if (random() < 0.1) return b() + writeValue(random, 3) + b(); // a scalar or small value at the top
  const values = Array.from({length: 1 + Math.floor(random() * 4)}, () => {
    const items = Array.from({length: Math.floor(random() * 6)}, () => b() + writeValue(random, 1) + b());
    return random() < 0.7 ? `[${items.length === 0 ? b() : items.join(',')}]` : writeValue(random, 1);
  });
  if (random() < 0.15) return `${b()}[${values.map((value) => b() + value + b()).join(',')}]${b()}`;
  const members = values.map((value) => {
    const key = writeString(KEYS[Math.floor(random() * KEYS.length)]!, random);
    return `${b()}${key}${b()}:${b()}${value}${b()}`;
  });
  return `${b()}{${members.join(',')}}${b()}`;
}

/** Feeds `bytes` in random chunks: single bytes, small ones, and big ones. */
function parseInChunks(bytes: Buffer, random: () => number): unknown {
  const parser = jsonPieces();
  let at = 0;
  while (at < bytes.length) {
    const size = random() < 0.5 ? 1 + Math.floor(random() * 3) : 1 + Math.floor(random() * 64);
    parser.feed(bytes.subarray(at, at + size));
    at += size;
  }
  return parser.end();
}

type Outcome = {ok: true; value: unknown} | {ok: false; error: unknown};

function outcome(run: () => unknown): Outcome {
  try {
    return {ok: true, value: run()};
  } catch (error) {
    return {ok: false, error};
  }
}

/** Replaces, inserts or deletes one byte, preferring JSON's own punctuation. */
function corrupt(bytes: Buffer, random: () => number): Buffer {
  const pool = Buffer.from('{}[],:"\\ -01e.tnx');
  const at = Math.floor(random() * (bytes.length + 1));
  const byte = pool[Math.floor(random() * pool.length)]!;
  const action = Math.floor(random() * 3);
  if (action === 0) return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
  if (action === 1) return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)]);
}

describe('a JSON body parsed in pieces, against JSON.parse on random documents', () => {
  it('gives JSON.parse’s value for 3,000 random documents fed in random chunks', () => {
    const random = generator(9);
    for (let n = 0; n < 3000; n += 1) {
      const text = writeDocument(random);
      const expected: unknown = JSON.parse(text);
      const bytes = Buffer.from(text);
      const value = parseInChunks(bytes, random);
      // node's strict deep equality: own properties, prototypes, -0. (vitest's toStrictEqual reads
      // `.constructor`, which these documents may hold as a member of their own.)
      if (!isDeepStrictEqual(value, expected)) expect.fail(`differs from JSON.parse: ${text}`);
    }
  });

  it('throws exactly where JSON.parse throws for 20,000 corrupted documents', () => {
    const random = generator(10);
    const disagreements: string[] = [];
    for (let n = 0; n < 20_000 && disagreements.length < 5; n += 1) {
      const bytes = corrupt(Buffer.from(writeDocument(random)), random);
      const text = bytes.toString('utf8');
      const expected = outcome(() => JSON.parse(text) as unknown);
      const actual = outcome(() => parseInChunks(bytes, random));
      if (expected.ok !== actual.ok) disagreements.push(`${expected.ok ? 'rejected' : 'accepted'}: ${text}`);
      else if (expected.ok && actual.ok && !isDeepStrictEqual(actual.value, expected.value)) disagreements.push(text);
      else if (!actual.ok) expect(actual.error, text).toBeInstanceOf(SyntaxError);
    }
    expect(disagreements).toEqual([]);
  });

  it('rejects a number glued to a nested value, as JSON.parse does', () => {
    for (const text of ['{"a": 1[2]}', '{"a": -[1]}', '{"a": 1.{"b": 2}}', '{"a": 1e[]}', '{"a": 5 [1]}']) {
      expect(() => JSON.parse(text) as unknown, text).toThrow(SyntaxError);
      expect(() => parseInChunks(Buffer.from(text), generator(1)), text).toThrow(SyntaxError);
    }
  });
});
