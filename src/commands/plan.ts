// `reconcile plan`: shows what apply would change; writes nothing.
import {Flags} from '@oclif/core';
import {runPlan} from '../app/run-plan.js';
import {BaseCommand, configFlag, httpFlags} from './base-command.js';

export default class Plan extends BaseCommand {
  static override summary = 'Read Port and the incident.io catalog and show the changes apply would make.';
  static override description = 'Exit codes: 0 no changes (or changes without --detailed-exitcode), 1 error, 2 changes present with --detailed-exitcode.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --config sync.config.yaml --no-color',
    {description: 'Fail a drift check when the catalog differs from Port', command: '<%= config.bin %> <%= command.id %> --detailed-exitcode'},
  ];
  static override flags = {
    config: configFlag,
    'detailed-exitcode': Flags.boolean({description: 'Exit 2 when there are changes, 0 when there are none, 1 on error.'}),
    ...httpFlags,
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Plan);
    this.colorFlag = flags.color;
    const http = {verbose: flags.verbose, ...(flags['rate-limit'] === undefined ? {} : {rateLimit: flags['rate-limit']})};
    const code = await runPlan(flags.config, {detailedExitcode: flags['detailed-exitcode'], http}, this.io());
    if (code !== 0) this.exit(code);
  }
}
