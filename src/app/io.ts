// What a command needs from the outside world, passed in so the shell stays testable.
import type {Env} from '../config/interpolate.js';
import type {Style} from '../render/style.js';

export interface CommandIo {
  readonly env: Env;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly style: Style;
  /** Asks a question on the terminal; undefined when there is no TTY to ask on. */
  readonly prompt: ((question: string) => Promise<string>) | undefined;
}
