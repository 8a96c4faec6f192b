// `reconcile emulator`: serves a local Port API and incident.io catalog API until stopped.
import {readFileSync} from 'node:fs';
import {Flags} from '@oclif/core';
import {ConfigFileError} from '../core/errors.js';
import {FAULT_KINDS, NO_FAULTS, parseFaultSettings} from '../emulator/faults.js';
import {BaseCommand} from './base-command.js';

export default class Emulator extends BaseCommand {
  static override summary =
    'Serve an emulated Port API and incident.io catalog API on 127.0.0.1, to try mappings offline.';
  static override description =
    'State is seeded from --data (a JSON file such as examples/emulator-data.json) and can be read and changed under /_emulator.';
  static override examples = [
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
    if (flags.data !== undefined) {
      try {
        seed = JSON.parse(readFileSync(flags.data, 'utf8'));
      } catch (error) {
        throw new ConfigFileError(`${flags.data}: cannot read the seed file (${(error as Error).message})`);
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
    await new Promise<void>((resolve) => {
      const stop = () => void emulator.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  }
}
