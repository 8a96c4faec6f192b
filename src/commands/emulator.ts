// `reconcile emulator`: serves a local Port API and incident.io catalog API until stopped.
import {readFileSync} from 'node:fs';
import {Flags} from '@oclif/core';
import {ConfigFileError} from '../core/errors.js';
import {startEmulator} from '../emulator/server.js';
import {BaseCommand} from './base-command.js';

export default class Emulator extends BaseCommand {
  static override summary = 'Serve an emulated Port API and incident.io catalog API on 127.0.0.1, to try mappings offline.';
  static override description = 'State is seeded from --data (a JSON file such as examples/emulator-data.json) and can be read and changed under /_emulator.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --data examples/emulator-data.json',
    '<%= config.bin %> <%= command.id %> --port 4010 --data examples/emulator-data.json',
  ];
  static override flags = {
    port: Flags.integer({char: 'p', default: 0, min: 0, max: 65535, description: 'TCP port on 127.0.0.1 (0 picks a free one).'}),
    data: Flags.string({char: 'd', description: 'Seed file (JSON).', helpValue: 'FILE'}),
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
    const emulator = await startEmulator({port: flags.port, seed});
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
