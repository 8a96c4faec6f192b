// `reconcile emulator`: serves a local Port API and incident.io catalog API until stopped.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Flags} from '@oclif/core';
import {ConfigFileError} from '../core/errors.js';
import {FAULT_KINDS, NO_FAULTS, parseFaultSettings} from '../emulator/faults.js';
import {BaseCommand} from './base-command.js';

/** The demo's data and config, shipped in the package beside dist/. */
const DEMO_DATA = new URL('../../examples/emulator-data.json', import.meta.url);
const DEMO_CONFIG = new URL('../../examples/sync.config.yaml', import.meta.url);

interface DemoSeed {
  readonly port: {readonly clients: ReadonlyArray<{readonly clientId: string; readonly clientSecret: string}>};
  readonly incident: {readonly apiKeys: readonly string[]; readonly catalogTypes: ReadonlyArray<{readonly id: string}>};
}

/** A word a POSIX shell reads back as `text`: quoted unless it holds only characters no shell treats specially. */
function shellWord(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What to export and run to plan against the demo (its credentials are the emulator's, not secrets). */
function demoHints(seed: DemoSeed, portApiUrl: string, incidentApiUrl: string): string {
  const client = seed.port.clients[0]!;
  const env = [
    `PORT_API_URL=${portApiUrl}`,
    `INCIDENT_API_URL=${incidentApiUrl}`,
    `PORT_CLIENT_ID=${client.clientId}`,
    `PORT_CLIENT_SECRET=${client.clientSecret}`,
    `INCIDENT_IO_API_KEY=${seed.incident.apiKeys[0]!}`,
    `INCIDENT_IO_CATALOG_TYPE_ID=${seed.incident.catalogTypes[0]!.id}`,
  ];
  return [
    '',
    "Try it, in another terminal (the demo's credentials, known only to this emulator):",
    `  export ${env.join(' \\\n    ')}`,
    `  reconcile plan --config ${shellWord(fileURLToPath(DEMO_CONFIG))}`,
    '  reconcile init --blueprint service --out my.sync.config.yaml   # a config of your own from the blueprint',
  ].join('\n');
}

export default class Emulator extends BaseCommand {
  static override summary =
    'Serve an emulated Port API and incident.io catalog API on 127.0.0.1, to try mappings offline.';
  static override description =
    'State is seeded from --data (a JSON file such as examples/emulator-data.json), or with --demo from the ' +
    "demo's data shipped in the package, and can be read and changed under /_emulator.";
  static override examples = [
    {
      description: "The demo's Port services and incident.io type, and how to plan against them",
      command: '<%= config.bin %> <%= command.id %> --demo',
    },
    '<%= config.bin %> <%= command.id %> --data examples/emulator-data.json',
    '<%= config.bin %> <%= command.id %> --port 4010 --data examples/emulator-data.json',
    {
      description: 'An API that is slow, rate limited and failing 20% of the time',
      command:
        '<%= config.bin %> <%= command.id %> --data examples/emulator-data.json --latency 100 --rate-limit 1200 --fault-rate 0.2 --seed 7',
    },
  ];
  static override flags = {
    port: Flags.integer({
      char: 'p',
      default: 0,
      min: 0,
      max: 65535,
      description: 'TCP port on 127.0.0.1 (0 picks a free one).',
    }),
    data: Flags.string({char: 'd', description: 'Seed file (JSON).', helpValue: 'FILE'}),
    demo: Flags.boolean({
      description:
        "Seed with the demo's data shipped in the package (examples/emulator-data.json) and print how to plan.",
      exclusive: ['data'],
    }),
    latency: Flags.integer({min: 0, default: 0, helpValue: 'MS', description: 'Added to every API request.'}),
    'fault-rate': Flags.string({
      default: '0',
      helpValue: '0..1',
      description: 'Share of API requests that get an injected fault.',
    }),
    faults: Flags.string({
      default: FAULT_KINDS.join(','),
      helpValue: 'KINDS',
      description: `Which faults to inject: ${FAULT_KINDS.join(', ')}.`,
    }),
    'rate-limit': Flags.integer({
      min: 0,
      default: 0,
      helpValue: 'N',
      description: 'incident.io requests per minute per API key, sliding window (0 = none; the real API allows 1200).',
    }),
    seed: Flags.integer({min: 0, default: 1, description: 'Seed for fault decisions (same seed, same faults).'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Emulator);
    this.colorFlag = flags.color;
    let seed: unknown = {};
    const data = flags.demo ? fileURLToPath(DEMO_DATA) : flags.data;
    if (data !== undefined) {
      try {
        seed = JSON.parse(readFileSync(data, 'utf8'));
      } catch (error) {
        throw new ConfigFileError(`${data}: cannot read the seed file (${(error as Error).message})`);
      }
    }
    const faults = parseFaultSettings(
      {
        latencyMs: flags.latency,
        rate: Number(flags['fault-rate']),
        kinds: flags.faults.split(',').map((k) => k.trim()),
        rateLimitPerMinute: flags['rate-limit'],
        seed: flags.seed,
      },
      NO_FAULTS,
    );
    if (typeof faults === 'string') throw new ConfigFileError(`emulator: ${faults}`);
    const {startEmulator} = await import('../emulator/server.js');
    const emulator = await startEmulator({port: flags.port, seed, faults});
    this.log(`Port API:      ${emulator.portApiUrl}`);
    this.log(`incident.io:   ${emulator.incidentApiUrl}`);
    this.log(`Control API:   ${emulator.url}/_emulator/state`);
    if (flags.demo) this.log(demoHints(seed as DemoSeed, emulator.portApiUrl, emulator.incidentApiUrl));
    await new Promise<void>((resolve) => {
      const stop = () => void emulator.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  }
}
