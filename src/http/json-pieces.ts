// Parses a JSON response body as its bytes arrive, without ever holding it whole or as one string:
// the top-level object's members are taken apart, an array among them item by item, and each item
// goes through JSON.parse as soon as its last byte arrives. A page of 250 entries is then 250 small
// strings, not one of 320 KB (V8 makes each string past 128 KB a large object: 2-5 ms to make, and
// kept until a full garbage collection), and its bytes are dropped as they are parsed.
// Gives exactly JSON.parse's result, and a SyntaxError where JSON.parse would throw one. Pure.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every(isSpace);
}

function unexpected(): SyntaxError {
  return new SyntaxError('Unexpected token in JSON');
}

/** The bytes of one piece, gathered across chunks (the slices point into the chunks). */
class Gathered {
  private parts: Uint8Array[] = [];
  private size = 0;

  add(chunk: Uint8Array, start: number, end: number): void {
    if (end > start) {
      this.parts.push(chunk.subarray(start, end));
      this.size += end - start;
    }
  }

  /** The bytes gathered so far, and a fresh start. */
  take(): Uint8Array {
    const {parts, size} = this;
    this.parts = [];
    this.size = 0;
    if (parts.length === 1) return parts[0]!;
    const all = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }
}

const decoder = new TextDecoder('utf-8', {fatal: false, ignoreBOM: true});

function parse(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}

/** Sets a member as JSON.parse does: `__proto__` is an own property, not the prototype. */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {value, writable: true, enumerable: true, configurable: true});
  } else {
    object[key] = value;
  }
}

/**
 * The one member `{` + text + `}` holds, checked by JSON.parse itself. With a nested value parsed
 * apart, the text ends at its colon and a ` 0` stands in for it: the blank keeps a number or sign
 * before the value (`"a": 1[2]`, `"a": -[1]`) from reading as `10` or `-0`, so it throws as JSON.parse does.
 */
function member(text: Uint8Array, value?: unknown): [string, unknown] {
  const probe = JSON.parse(`{${decoder.decode(text)}${value === undefined ? '' : ' 0'}}`) as Record<string, unknown>;
  const keys = Object.keys(probe);
  if (keys.length !== 1) throw unexpected();
  return [keys[0]!, value === undefined ? probe[keys[0]!] : value];
}

export interface JsonPieces {
  /** Takes the next bytes of the body; throws a SyntaxError as soon as they cannot be JSON. */
  feed(chunk: Uint8Array): void;
  /** The parsed body, once every byte was fed. */
  end(): unknown;
}

/**
 * A parser for one body. Depth 1 is inside the top-level object or array; a member that is an
 * array (depth 2) is parsed item by item; anything deeper, and any other member, as one piece.
 */
export function jsonPieces(): JsonPieces {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let root: 'object' | 'array' | 'scalar' | undefined;
  let closed = false;
  const object: Record<string, unknown> = {};
  const array: unknown[] = [];
  const text = new Gathered(); // the current top-level member's own text (a nested value apart)
  const piece = new Gathered(); // the current item of a nested array, or a nested object
  /** The nested value of the current member: an array's items, or an object's text as one piece. */
  let nested: {readonly array: boolean; readonly items: unknown[]; commas: number} | undefined;
  let nestedValue: {value: unknown} | undefined;
  let after = false; // past the nested value: only blanks until the member ends
  let members = 0;
  let commas = 0;

  const finishMember = (closing: boolean): void => {
    const own = text.take();
    if (nestedValue === undefined) {
      if (isBlank(own)) {
        // `{}` or `[]`: no member, no comma. Anything else blank is a misplaced comma.
        if (!closing || members > 0 || commas > 0) throw unexpected();
        return;
      }
      if (root === 'object') setMember(object, ...member(own));
      else array.push(parse(own));
    } else if (root === 'object') {
      setMember(object, ...member(own, nestedValue.value));
    } else {
      if (!isBlank(own)) throw unexpected();
      array.push(nestedValue.value);
    }
    members += 1;
    nestedValue = undefined;
    after = false;
  };

  const finishItem = (closing: boolean): void => {
    const bytes = piece.take();
    if (isBlank(bytes)) {
      if (closing && nested!.items.length === 0 && nested!.commas === 0) return;
      throw unexpected();
    }
    nested!.items.push(parse(bytes));
  };

  /** Moves past the string that goes on at `i` (its opening quote already read); the index after it, or -1. */
  const skipString = (chunk: Uint8Array, i: number): number => {
    if (escaped) {
      escaped = false;
      i += 1;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const end = quote < 0 ? chunk.length : quote;
      let before = end - 1;
      while (before >= i && chunk[before] === BACKSLASH) before -= 1;
      const odd = (end - 1 - before) % 2 === 1;
      if (quote < 0) {
        escaped = odd; // the chunk ends in an unpaired backslash: the next byte is escaped
        return -1;
      }
      if (!odd) {
        inString = false;
        return quote + 1;
      }
      i = quote + 1;
    }
  };

  const feed = (chunk: Uint8Array): void => {
    let i = 0;
    // Where the bytes not yet handed to `text` or `piece` start.
    let start = 0;
    const keep = (): void => {
      if (depth === 1) text.add(chunk, start, i);
      else if (depth >= 2) piece.add(chunk, start, i);
    };
    while (i < chunk.length) {
      if (inString) {
        const next = skipString(chunk, i);
        if (next < 0) break;
        i = next;
        continue;
      }
      const byte = chunk[i]!;
      if (closed) {
        if (!isSpace(byte)) throw unexpected();
        i += 1;
        continue;
      }
      if (root === 'scalar') {
        i += 1; // the whole body is one value: gathered below
        continue;
      }
      if (depth === 0) {
        if (isSpace(byte)) {
          i += 1;
        } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          root = byte === OPEN_BRACE ? 'object' : 'array';
          depth = 1;
          i += 1;
          start = i;
        } else {
          root = 'scalar';
          start = i;
        }
        continue;
      }
      if (byte === QUOTE) {
        if (depth === 1 && after) throw unexpected();
        inString = true;
        i += 1;
        continue;
      }
      if (depth === 1) {
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          if (after) throw unexpected();
          keep();
          depth = 2;
          nested = {array: byte === OPEN_BRACKET, items: [], commas: 0};
          start = nested.array ? i + 1 : i; // an object is one piece, braces included
          i += 1;
        } else if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          keep();
          if (byte !== COMMA && byte !== (root === 'object' ? CLOSE_BRACE : CLOSE_BRACKET)) throw unexpected();
          finishMember(byte !== COMMA);
          if (byte === COMMA) commas += 1;
          else {
            depth = 0;
            closed = true;
          }
          i += 1;
          start = i;
        } else {
          if (after && !isSpace(byte)) throw unexpected();
          i += 1;
        }
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth += 1;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 1) {
          const array = nested!.array;
          if (byte !== (array ? CLOSE_BRACKET : CLOSE_BRACE)) throw unexpected();
          if (array) {
            piece.add(chunk, start, i);
            finishItem(true);
            nestedValue = {value: nested!.items};
          } else {
            piece.add(chunk, start, i + 1);
            nestedValue = {value: parse(piece.take())};
          }
          nested = undefined;
          after = true;
          i += 1;
          start = i;
          continue;
        }
      } else if (byte === COMMA && depth === 2 && nested!.array) {
        piece.add(chunk, start, i);
        finishItem(false);
        nested!.commas += 1;
        i += 1;
        start = i;
        continue;
      }
      i += 1;
    }
    if (root === 'scalar') text.add(chunk, start, chunk.length);
    else {
      i = chunk.length;
      keep();
    }
  };

  return {
    feed,
    end() {
      if (root === 'scalar') return parse(text.take());
      if (!closed || inString) throw unexpected();
      return root === 'object' ? object : array;
    },
  };
}

/** JSON.parse of a whole body in bytes, through the same pieces. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const parser = jsonPieces();
  parser.feed(bytes);
  return parser.end();
}
