// Parses a JSON response body from its bytes without ever making it one string: a big page is cut
// at its top-level members and the items of its arrays, and each piece goes through JSON.parse.
// Why: V8 allocates strings past ~128 KB in its large-object space, each 2-5 ms (a 320 KB catalog
// page took 10 times longer to decode than ten 32 KB ones), and such a string lives until a full GC.
// Exactly JSON.parse's result, and a SyntaxError where JSON.parse would throw one. Pure.

/** Pieces up to this size are decoded and parsed whole: below V8's large-object size. */
const PIECE = 64 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function unexpected(at: number): SyntaxError {
  return new SyntaxError(`Unexpected token in JSON at position ${at}`);
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Buffer, at: number): number {
  while (isSpace(bytes[at])) at += 1;
  return at;
}

/** The index just past the string that opens at `at` (a quote). */
function skipString(bytes: Buffer, at: number): number {
  let i = at + 1;
  // A short string is walked; a long one (a README) is searched for its next quote, which ends it
  // unless an odd number of backslashes comes before it.
  for (const stop = Math.min(bytes.length, i + 32); i < stop;) {
    const byte = bytes[i]!;
    if (byte === QUOTE) return i + 1;
    i += byte === BACKSLASH ? 2 : 1;
  }
  for (;;) {
    const quote = bytes.indexOf(QUOTE, i);
    if (quote < 0) throw unexpected(at);
    let before = quote - 1;
    while (bytes[before] === BACKSLASH) before -= 1;
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index just past the value that starts at `at`; JSON.parse checks the piece itself. */
function skipValue(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return skipString(bytes, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = at; i < bytes.length;) {
      const byte = bytes[i]!;
      if (byte === QUOTE) {
        i = skipString(bytes, i);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return i + 1;
      i += 1;
    }
    throw unexpected(at);
  }
  let i = at;
  for (let byte = bytes[i]; byte !== undefined; byte = bytes[++i]) {
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
  }
  if (i === at) throw unexpected(at);
  return i;
}

function parsePiece(bytes: Buffer, start: number, end: number): unknown {
  return JSON.parse(bytes.toString('utf8', start, end));
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
 * The object or array that opens at `at`, member by member: the top level's containers are taken
 * apart too (a page's list of entries), deeper ones only when bigger than a piece.
 */
function parseContainer(bytes: Buffer, at: number, top: boolean): {value: unknown; end: number} {
  const isObject = bytes[at] === OPEN_BRACE;
  const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
  const object: Record<string, unknown> = {};
  const array: unknown[] = [];
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === close) return {value: isObject ? object : array, end: i + 1};
  for (;;) {
    let key = '';
    if (isObject) {
      if (bytes[i] !== QUOTE) throw unexpected(i);
      const keyEnd = skipString(bytes, i);
      key = parsePiece(bytes, i, keyEnd) as string;
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) throw unexpected(i);
      i = skipSpace(bytes, i + 1);
    }
    const first = bytes[i];
    const nested = first === OPEN_BRACE || first === OPEN_BRACKET;
    let value: unknown;
    let end: number;
    if (nested && top) ({value, end} = parseContainer(bytes, i, false));
    else {
      end = skipValue(bytes, i);
      value = nested && end - i > PIECE ? parseContainer(bytes, i, false).value : parsePiece(bytes, i, end);
    }
    if (isObject) setMember(object, key, value);
    else array.push(value);
    i = skipSpace(bytes, end);
    if (bytes[i] === COMMA) {
      i = skipSpace(bytes, i + 1);
      continue;
    }
    if (bytes[i] === close) return {value: isObject ? object : array, end: i + 1};
    throw unexpected(i);
  }
}

/** JSON.parse of a UTF-8 body, without the body as one string when it is big. */
export function parseJsonBytes(bytes: Buffer): unknown {
  const start = skipSpace(bytes, 0);
  const first = bytes[start];
  const container = first === OPEN_BRACE || first === OPEN_BRACKET;
  if (bytes.length <= PIECE || !container) return JSON.parse(bytes.toString('utf8'));
  const {value, end} = parseContainer(bytes, start, true);
  if (skipSpace(bytes, end) !== bytes.length) throw unexpected(end);
  return value;
}
