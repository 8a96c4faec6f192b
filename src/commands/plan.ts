// `reconcile plan`: shows what apply would change; writes nothing (its incident.io client is read-only).
import {Flags} from '@oclif/core';
import {BaseCommand, configFlag, displayFrom, httpFrom, policyFrom, sharedFlags} from './base-command.js';

export default class Plan extends BaseCommand {
  static override summary = 'Read Port and the incident.io catalog and show the changes apply would make.';
  static override description =
    'Exit codes: 0 no changes (or changes without --detailed-exitcode), 1 error, 2 changes present with --detailed-exitcode, 3 refused by a safety guard.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Save the plan for review, then apply exactly it',
      command: '<%= config.bin %> <%= command.id %> --out plan.json && <%= config.bin %> apply plan.json',
    },
    {
      description: 'Fail a drift check when the catalog differs from Port',
      command: '<%= config.bin %> <%= command.id %> --detailed-exitcode',
    },
    {
      description: 'Markdown for a pull request comment',
      command: '<%= config.bin %> <%= command.id %> --format markdown > plan.md',
    },
    '<%= config.bin %> <%= command.id %> --json | jq .summary',
  ];
  static override flags = {
    config: configFlag,
    'detailed-exitcode': Flags.boolean({
      description: 'Exit 2 when there are changes, 0 when there are none, 1 on error.',
    }),
    out: Flags.string({char: 'o', helpValue: 'FILE', description: 'Save the plan (JSON) for `reconcile apply FILE`.'}),
    ...sharedFlags,
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Plan);
    this.colorFlag = flags.color;
    this.jsonMode = flags.json;
    const {runPlan} = await import('../app/run-plan.js');
    const code = await runPlan(
      flags.config,
      {
        detailedExitcode: flags['detailed-exitcode'],
        http: httpFrom(flags),
        policy: policyFrom(flags),
        display: displayFrom(flags),
        ...(flags.out === undefined ? {} : {out: flags.out}),
      },
      this.io(),
    );
    if (code !== 0) this.exit(code);
  }
}
