// `reconcile init`: writes a starting sync.config.yaml from Port blueprints.
import {Flags} from '@oclif/core';
import {runInit} from '../app/run-init.js';
import {BaseCommand} from './base-command.js';

export default class Init extends BaseCommand {
  static override summary = 'Write a commented sync.config.yaml from Port blueprints: a declared catalog type per blueprint, the mapping filled in.';
  static override description = 'Reads the blueprints with PORT_CLIENT_ID / PORT_CLIENT_SECRET. Relations between the blueprints given become references.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --blueprint service',
    {description: 'Services that reference their team', command: '<%= config.bin %> <%= command.id %> --blueprint team --blueprint service --out sync.config.yaml'},
  ];
  static override flags = {
    blueprint: Flags.string({char: 'b', required: true, multiple: true, description: 'Port blueprint identifier (repeatable).'}),
    out: Flags.string({char: 'o', default: 'sync.config.yaml', helpValue: 'FILE', description: 'Where to write the config.'}),
    force: Flags.boolean({description: 'Overwrite the file if it exists.'}),
    region: Flags.string({options: ['eu', 'us'], default: 'eu', description: 'Port region.'}),
    'base-url': Flags.string({helpValue: 'URL', description: 'Port API base URL instead of the region (also PORT_API_URL).'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Init);
    this.colorFlag = flags.color;
    await runInit({
      blueprints: flags.blueprint, out: flags.out, force: flags.force, region: flags.region === 'us' ? 'us' : 'eu',
      ...(flags['base-url'] === undefined ? {} : {baseUrl: flags['base-url']}),
    }, this.io());
  }
}
