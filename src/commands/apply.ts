// `reconcile apply`: plans, shows the plan, asks, and writes.
import {Flags} from '@oclif/core';
import {runApply} from '../app/run-apply.js';
import {BaseCommand, configFlag, httpFlags} from './base-command.js';

export default class Apply extends BaseCommand {
  static override summary = 'Plan, then write the changes to the incident.io catalog once approved.';
  static override description =
    "On a terminal it asks, and only 'yes' approves. Without a terminal it refuses unless --auto-approve is given. Creates and updates run before deletes.";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {description: 'In CI, after the plan was reviewed', command: '<%= config.bin %> <%= command.id %> --auto-approve'},
    {description: 'Stay under a lower share of the API budget', command: '<%= config.bin %> <%= command.id %> --auto-approve --rate-limit 600 --parallelism 4'},
  ];
  static override flags = {
    config: configFlag,
    'auto-approve': Flags.boolean({description: 'Skip the interactive approval (for CI).'}),
    parallelism: Flags.integer({min: 1, max: 100, helpValue: 'N', description: 'Writes in flight at once (default 10, or http.parallelism).'}),
    ...httpFlags,
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Apply);
    this.colorFlag = flags.color;
    const http = {
      verbose: flags.verbose,
      ...(flags['rate-limit'] === undefined ? {} : {rateLimit: flags['rate-limit']}),
      ...(flags.parallelism === undefined ? {} : {parallelism: flags.parallelism}),
    };
    await runApply(flags.config, {autoApprove: flags['auto-approve'], http}, this.io());
  }
}
