// One end-to-end scenario: the emulator with a seed, a config (an example, or a variant of it
// written to a temporary folder), the built CLI run against both, and the request log to assert on.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {ChildProcessWithoutNullStreams} from 'node:child_process';
import {ROOT, runCli, spawnCli, type CliResult} from './cli.js';
import {demoEnv, startTestEmulator, type EmulatorHandle, type LoggedRequest, type SeedInput} from './emulator.js';

export const EXAMPLES = {
  /** One sync, the demo type: examples/sync.config.yaml against examples/emulator-data.json. */
  demo: 'examples/sync.config.yaml',
  /** Declared types and references: examples/multi/sync.config.yaml against its emulator-data.json. */
  multi: 'examples/multi/sync.config.yaml',
} as const;

export interface ScenarioOptions {
  /** The emulator's data (a fresh copy is the caller's job); the demo seed when omitted. */
  seed?: SeedInput;
  /** The example config the scenario starts from; `demo` when omitted. */
  example?: keyof typeof EXAMPLES;
  /** Turns the example's text into the scenario's config; without it the example file itself is used. */
  config?: (yaml: string) => string;
  /** Variables on top of demoEnv(emulator); an undefined value removes one. */
  env?: Record<string, string | undefined>;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Standard input (for `--targets-from -`); empty when omitted. */
  input?: string;
}

/** Commands that read a config: `run` gives them the scenario's unless the arguments name one. */
const READS_CONFIG = new Set(['plan', 'apply', 'validate']);

export class Scenario {
  /** The config's text: the example after the `config` edit. */
  readonly text: string;
  /** The config `run` passes: the example's path, or the written variant's. */
  readonly config: string;
  readonly env: Record<string, string>;
  private folder: string | undefined;
  private count = 0;

  constructor(
    readonly emulator: EmulatorHandle,
    options: ScenarioOptions,
  ) {
    const example = EXAMPLES[options.example ?? 'demo'];
    const original = readFileSync(join(ROOT, example), 'utf8');
    this.text = options.config === undefined ? original : options.config(original);
    this.config = options.config === undefined ? example : this.variant('sync.config.yaml', () => this.text);
    const env: Record<string, string | undefined> = {...demoEnv(emulator), ...options.env};
    this.env = Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  }

  /** A temporary folder for this scenario's files, made on first use and removed by close(). */
  get dir(): string {
    this.folder ??= mkdtempSync(join(tmpdir(), 'reconcile-scenario-'));
    return this.folder;
  }

  /** A fresh path in the scenario's folder (numbered, so two calls never collide): plans, summaries, outputs. */
  file(name: string): string {
    this.count += 1;
    return join(this.dir, `${this.count}-${name}`);
  }

  /**
   * Writes another config to the scenario's folder and returns its path: `edit(text)`, a variant of the
   * scenario's config, or the text given.
   */
  variant(name: string, edit: string | ((yaml: string) => string)): string {
    const path = join(this.dir, name);
    writeFileSync(path, typeof edit === 'string' ? edit : edit(this.text));
    return path;
  }

  /** `reconcile COMMAND ARGS…` with the scenario's environment, and its config unless ARGS name one. */
  run(command: string, ...args: string[]): Promise<CliResult> {
    return this.runWith({}, command, ...args);
  }

  /** `run` with extra environment variables (undefined removes one), another working directory or stdin. */
  runWith(options: RunOptions, command: string, ...args: string[]): Promise<CliResult> {
    return runCli(this.args(command, args), {...this.env, ...options.env}, options.cwd, options.input);
  }

  /** `run` as a child process the test drives (to send it signals): wait for its 'close' event. */
  spawn(command: string, ...args: string[]): ChildProcessWithoutNullStreams {
    return spawnCli(this.args(command, args), this.env);
  }

  private args(command: string, args: string[]): string[] {
    const named = args.includes('-c') || args.includes('--config');
    return [command, ...(READS_CONFIG.has(command) && !named ? ['--config', this.config] : []), ...args];
  }

  requests(): Promise<LoggedRequest[]> {
    return this.emulator.requests();
  }

  /** The incident.io writes (any method but GET) since the log was last cleared. */
  writes(): Promise<LoggedRequest[]> {
    return this.emulator.writes();
  }

  clearRequests(): Promise<void> {
    return this.emulator.clearRequests();
  }

  async close(): Promise<void> {
    await this.emulator.close();
    if (this.folder !== undefined) rmSync(this.folder, {recursive: true, force: true});
  }
}

/** Starts the emulator with the seed and prepares the config: `await s.close()` when done. */
export async function scenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const emulator = await startTestEmulator(options.seed);
  return new Scenario(emulator, options);
}
