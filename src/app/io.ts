// What a command needs from the outside world, passed in so the shell stays testable.
import type {Env} from '../config/interpolate.js';
import type {Style} from '../render/style.js';

export interface CommandIo {
  readonly env: Env;
  readonly out: (text: string) => void;
  /**
   * Writes on stdout, resolving once the text is handed on (stdout drained): for output too big to
   * queue in memory, such as a large plan's JSON document. Defaults to `out`.
   */
  readonly outStream?: (text: string) => Promise<void>;
  readonly err: (text: string) => void;
  readonly style: Style;
  /** True when stderr is a terminal (progress bar instead of periodic lines). */
  readonly errIsTty: boolean;
  /** Asks a question on the terminal; undefined when there is no TTY to ask on. */
  readonly prompt: ((question: string) => Promise<string>) | undefined;
  /** Calls `handler` on the first Ctrl-C (a second one quits at once); returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** Flags that override the config's `http:` section, and --verbose. */
export interface HttpOverrides {
  readonly rateLimit?: number;
  readonly parallelism?: number;
  readonly verbose?: boolean;
}

export type OutputFormat = 'text' | 'json' | 'markdown';

/** How a plan is shown: format, and for text, compact or full. */
export interface DisplayOptions {
  readonly format: OutputFormat;
  readonly compact: boolean;
  readonly verbose: boolean;
}
