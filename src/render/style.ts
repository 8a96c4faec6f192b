// ANSI colours for terminal output, or none: callers decide (TTY, --no-color, NO_COLOR).
export interface Style {
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001B[${open}m${s}\u001B[${close}m`;
const plain = (s: string): string => s;

export const COLOR: Style = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};
export const NO_COLOR: Style = {green: plain, yellow: plain, red: plain, bold: plain, dim: plain};

export function styleFor(color: boolean): Style {
  return color ? COLOR : NO_COLOR;
}
