// The base of every command: shared flags, the terminal I/O handed to the app layer, and the one
// place that turns errors into a message on stderr and an exit code (1 for errors, never 2).
import {createInterface} from 'node:readline/promises';
import {stripVTControlCharacters} from 'node:util';
import {Command, Flags} from '@oclif/core';
import type {PlanPolicyOptions} from '../app/build-plans.js';
import type {CommandIo, DisplayOptions, HttpOverrides} from '../app/io.js';
import {boundHeapGrowth} from '../app/heap-growth.js';
import {collectTargets} from '../app/narrowing.js';
import {PLAN_FORMAT_VERSION} from '../core/plan-document.js';
import {ReconcileError} from '../core/errors.js';
import {styleFor} from '../render/style.js';

export const configFlag = Flags.string({
  char: 'c',
  default: 'sync.config.yaml',
  description: 'Path to the sync configuration.',
  helpValue: 'FILE',
});

/** Flags shared by plan and apply: pacing, output, safety overrides and narrowing. */
export const sharedFlags = {
  'rate-limit': Flags.integer({
    min: 0,
    helpValue: 'N',
    description:
      'incident.io requests per minute for this key, reads and writes together (default 1200, or http.requestsPerMinute; 0 = no pacing).',
  }),
  verbose: Flags.boolean({
    char: 'v',
    description:
      'Full detail for big plans, and a trace of every request, response and retry on stderr (secrets redacted).',
  }),
  json: Flags.boolean({
    description: 'Print one JSON document (schemas/plan.schema.json) on stdout and nothing else; logs go to stderr.',
  }),
  format: Flags.string({
    options: ['text', 'markdown'],
    default: 'text',
    description: 'text (terraform style) or markdown (for pull requests).',
  }),
  compact: Flags.boolean({description: 'One line per changed entry (the default above 50).'}),
  adopt: Flags.boolean({
    description:
      "Take over a catalog type whose entries another tool made (once; the type is then marked as this sync's).",
  }),
  'allow-empty-source': Flags.boolean({
    description: 'Let a sync delete its entries when Port returned 0 entities, or all were skipped or filtered out.',
  }),
  'allow-mass-delete': Flags.boolean({description: 'Let a sync delete more than maxDeletePercent of its entries.'}),
  'allow-attribute-removal': Flags.boolean({
    description: 'Let a declared type lose attributes (their values are destroyed).',
  }),
  target: Flags.string({
    multiple: true,
    helpValue: 'IDENTIFIER',
    description: 'Only this Port entity (its identifier; repeatable): reads and writes just its entry, nothing else.',
  }),
  'targets-from': Flags.string({
    helpValue: 'FILE',
    description: 'Like --target, one identifier a line (blank lines and # comments skipped); - reads standard input.',
  }),
  sync: Flags.string({multiple: true, helpValue: 'NAME', description: 'Only this sync (repeatable).'}),
};

interface SharedFlagValues {
  'rate-limit'?: number | undefined;
  verbose: boolean;
  json: boolean;
  format: string;
  compact: boolean;
  adopt: boolean;
  'allow-empty-source': boolean;
  'allow-mass-delete': boolean;
  'allow-attribute-removal': boolean;
  target?: string[] | undefined;
  'targets-from'?: string | undefined;
  sync?: string[] | undefined;
}

export function httpFrom(flags: SharedFlagValues & {parallelism?: number | undefined}): HttpOverrides {
  return {
    verbose: flags.verbose,
    ...(flags['rate-limit'] === undefined ? {} : {rateLimit: flags['rate-limit']}),
    ...(flags.parallelism === undefined ? {} : {parallelism: flags.parallelism}),
  };
}

export function policyFrom(flags: SharedFlagValues): PlanPolicyOptions {
  return {
    adopt: flags.adopt,
    allowEmptySource: flags['allow-empty-source'],
    allowMassDelete: flags['allow-mass-delete'],
    allowAttributeRemoval: flags['allow-attribute-removal'],
    targets: collectTargets(flags.target ?? [], flags['targets-from']),
    syncs: flags.sync ?? [],
  };
}

export function displayFrom(flags: SharedFlagValues): DisplayOptions {
  return {
    format: flags.json ? 'json' : flags.format === 'markdown' ? 'markdown' : 'text',
    compact: flags.compact,
    verbose: flags.verbose,
  };
}

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    color: Flags.boolean({
      default: true,
      allowNo: true,
      helpGroup: 'GLOBAL',
      description: 'Colour the output on a terminal. --no-color (or NO_COLOR=1) turns it off.',
    }),
  };

  protected colorFlag = true;
  protected jsonMode = false;
  /** Set once the command printed on stdout: with --json, that was its one document. */
  private printed = false;

  protected useColor(stream: NodeJS.WriteStream): boolean {
    const noColor = process.env['NO_COLOR'];
    return this.colorFlag && stream.isTTY === true && (noColor === undefined || noColor === '');
  }

  protected io(): CommandIo {
    return {
      env: process.env,
      out: (text) => {
        this.printed = true;
        process.stdout.write(text);
      },
      outStream: (text) => {
        this.printed = true;
        if (process.stdout.write(text)) return Promise.resolve();
        return new Promise((resolve) => process.stdout.once('drain', resolve));
      },
      err: (text) => process.stderr.write(text),
      style: styleFor(this.useColor(process.stdout)),
      errIsTty: process.stderr.isTTY === true,
      prompt: process.stdin.isTTY === true ? ask : undefined,
      onInterrupt: (handler) => {
        // The second Ctrl-C quits at once, as the first one's message says; with --json it still
        // leaves its one document. 130 is what a shell reports for a process ended by SIGINT.
        const again = (): void => {
          const message =
            'Interrupted twice: quit at once, without waiting for the writes in flight (they may or may not ' +
            'have been applied). Run `reconcile plan` to see what is left.';
          this.printErrorDocument(message, 130);
          process.stderr.write(`\n${message}\n`);
          process.exit(130);
        };
        const first = (): void => {
          process.once('SIGINT', again);
          handler();
        };
        process.once('SIGINT', first);
        return () => {
          process.removeListener('SIGINT', first);
          process.removeListener('SIGINT', again);
        };
      },
    };
  }

  /** --json is known before the flags are parsed, so a flag that fails to parse still gets its document. */
  override async init(): Promise<void> {
    boundHeapGrowth();
    const end = this.argv.indexOf('--');
    const flags = end === -1 ? this.argv : this.argv.slice(0, end);
    this.jsonMode = 'json' in (this.ctor.flags ?? {}) && flags.includes('--json');
    await super.init();
  }

  /** With --json, the error document, unless the command printed its own (with the error in it). */
  private printErrorDocument(message: string, exitCode: number): void {
    if (!this.jsonMode || this.printed) return;
    this.printed = true;
    const doc = {format_version: PLAN_FORMAT_VERSION, error: {message, exit_code: exitCode}};
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  }

  override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error instanceof ReconcileError) {
      this.printErrorDocument(error.message, error.exitCode);
      const style = styleFor(this.useColor(process.stderr));
      process.stderr.write(`${style.red(style.bold('Error:'))} ${error.message}\n`);
      return this.exit(error.exitCode);
    }
    // oclif's own errors (bad flags, unknown args) exit 2 by default; 2 means "changes" here.
    const exiting = /^EEXIT: \d+$/.test(error.message); // this.exit(n): not an error to report
    if (error.oclif !== undefined && error.oclif.exit === 2 && !exiting) error.oclif.exit = 1;
    if (!exiting) this.printErrorDocument(stripAnsi(error.message), error.oclif?.exit ?? 1);
    return super.catch(error);
  }
}

function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({input: process.stdin, output: process.stdout});
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
