// Apply progress from apply events: a redrawn bar on a terminal (done/total, rate, ETA), or one
// plain line every few seconds elsewhere (CI logs). Pure apart from the `write` and `now` given.
import type {ApplyEvent} from '../apply/apply-plan.js';

export interface ProgressOptions {
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly now: () => number;
  /** Lines without a TTY are at least this far apart. */
  readonly intervalMs?: number;
}

export interface Progress {
  readonly onEvent: (event: ApplyEvent) => void;
  /** Ends the bar's line; prints a last line without a TTY. */
  readonly finish: () => void;
  /** "2 requests; 20/300 writes done": the requests sent and not yet answered, and the progress. */
  readonly inFlightHint: () => string;
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export function createProgress(options: ProgressOptions): Progress {
  let total = 0;
  let done = 0;
  let failed = 0;
  let started = options.now();
  let inFlight = (): number => 0;
  let lastDraw = 0;
  let drawnAt = -1;
  const interval = options.intervalMs ?? (options.tty ? 100 : 5000);

  const line = (): string => {
    const elapsed = Math.max(0.001, (options.now() - started) / 1000);
    const rate = done / elapsed;
    const remaining = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    const failures = failed > 0 ? `, ${failed} failed` : '';
    return `${done}/${total} writes${failures}, ${rate.toFixed(1)}/s, ETA ${done === total ? '0s' : eta(remaining)}`;
  };
  const draw = (force: boolean): void => {
    const now = options.now();
    if (!force && now - lastDraw < interval) return;
    if (force && !options.tty && drawnAt === done) return; // this line was printed already
    lastDraw = now;
    drawnAt = done;
    if (options.tty) {
      const width = 30;
      const filled = total === 0 ? width : Math.floor((done / total) * width);
      options.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line()}\u001B[K`);
    } else {
      options.write(`Applying: ${line()}\n`);
    }
  };

  return {
    onEvent(event) {
      if (event.type === 'start') {
        total = event.total;
        inFlight = event.inFlight;
        started = options.now();
        lastDraw = options.tty ? 0 : started;
        return;
      }
      if (event.type === 'done' || event.type === 'failed') {
        done += 1;
        if (event.type === 'failed') failed += 1;
        draw(false);
      }
    },
    finish() {
      if (total === 0) return;
      draw(true);
      if (options.tty) options.write('\n');
    },
    inFlightHint: () => {
      const requests = inFlight();
      return `${requests} request${requests === 1 ? '' : 's'}; ${done}/${total} writes done`;
    },
  };
}
