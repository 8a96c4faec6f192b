// `reconcile validate`: checks the config, the environment and every expression, offline.
import {runValidate} from '../app/run-validate.js';
import {BaseCommand, configFlag} from './base-command.js';

export default class Validate extends BaseCommand {
  static override summary = 'Check the config, its environment variables and its JSONata expressions, without any network request.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --config configs/prod.sync.config.yaml',
  ];
  static override flags = {config: configFlag};

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate);
    this.colorFlag = flags.color;
    runValidate(flags.config, this.io());
  }
}
