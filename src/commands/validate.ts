// `reconcile validate`: checks the config, the environment and every expression, offline.
import {Flags} from '@oclif/core';
import {BaseCommand, configFlag} from './base-command.js';

export default class Validate extends BaseCommand {
  static override summary =
    'Check the config, its environment variables and its JSONata expressions, without any network request (--remote: also against Port and incident.io).';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --config configs/prod.sync.config.yaml',
    {
      description: 'Check the mapping against the live blueprint and catalog type',
      command: '<%= config.bin %> <%= command.id %> --remote',
    },
  ];
  static override flags = {
    config: configFlag,
    remote: Flags.boolean({
      description:
        'Also read Port and incident.io (GET only): every mapped property against its blueprint, every attribute against the catalog type.',
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate);
    this.colorFlag = flags.color;
    const {runValidate} = await import('../app/run-validate.js');
    const code = await runValidate(flags.config, {remote: flags.remote}, this.io());
    if (code !== 0) this.exit(code);
  }
}
