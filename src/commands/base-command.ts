// The base of every command: shared flags, the terminal I/O handed to the app layer, and the one
// place that turns errors into a message on stderr and an exit code (1 for errors, never 2).
import {createInterface} from 'node:readline/promises';
import {Command, Flags} from '@oclif/core';
import type {CommandIo} from '../app/io.js';
import {ReconcileError} from '../core/errors.js';
import {styleFor} from '../render/style.js';

export const configFlag = Flags.string({char: 'c', default: 'sync.config.yaml', description: 'Path to the sync configuration.', helpValue: 'FILE'});

/** Flags shared by plan and apply: pacing and the request trace. */
export const httpFlags = {
  'rate-limit': Flags.integer({min: 0, helpValue: 'N', description: 'incident.io requests per minute for this key, reads and writes together (default 1200, or http.requestsPerMinute; 0 = no pacing).'}),
  verbose: Flags.boolean({char: 'v', description: 'Trace every request, response and retry on stderr (secrets redacted).'}),
};

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    color: Flags.boolean({default: true, allowNo: true, helpGroup: 'GLOBAL', description: 'Colour the output on a terminal. --no-color (or NO_COLOR=1) turns it off.'}),
  };

  protected colorFlag = true;

  protected useColor(stream: NodeJS.WriteStream): boolean {
    const noColor = process.env['NO_COLOR'];
    return this.colorFlag && stream.isTTY === true && (noColor === undefined || noColor === '');
  }

  protected io(): CommandIo {
    return {
      env: process.env,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      style: styleFor(this.useColor(process.stdout)),
      errIsTty: process.stderr.isTTY === true,
      prompt: process.stdin.isTTY === true ? ask : undefined,
      onInterrupt: (handler) => {
        process.once('SIGINT', handler);
        return () => process.removeListener('SIGINT', handler);
      },
    };
  }

  override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error instanceof ReconcileError) {
      const style = styleFor(this.useColor(process.stderr));
      process.stderr.write(`${style.red(style.bold('Error:'))} ${error.message}\n`);
      return this.exit(error.exitCode);
    }
    // oclif's own errors (bad flags, unknown args) exit 2 by default; 2 means "changes" here.
    if (error.oclif !== undefined && error.oclif.exit === 2 && !/^EEXIT: 2$/.test(error.message)) error.oclif.exit = 1;
    return super.catch(error);
  }
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({input: process.stdin, output: process.stdout});
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
