// `reconcile apply [PLAN]`: plans (or reads a saved plan), shows it, asks, and writes.
import {Args, Flags} from '@oclif/core';
import {BaseCommand, configFlag, displayFrom, httpFrom, policyFrom, sharedFlags} from './base-command.js';

export default class Apply extends BaseCommand {
  static override summary =
    'Plan, then write the changes to the incident.io catalog once approved; or apply a saved plan.';
  static override description =
    "On a terminal it asks, and only 'yes' approves. Without a terminal it refuses unless --auto-approve is given. A saved plan (reconcile plan --out FILE) is applied as it is, without a prompt, and refused when anything it touches moved. Exit codes: 0 done, 1 error or failed writes, 3 refused by a safety guard, 130 quit by a second Ctrl-C.";
  static override args = {plan: Args.string({description: 'A plan saved by `reconcile plan --out`.', required: false})};
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {description: 'In CI, after the plan was reviewed', command: '<%= config.bin %> <%= command.id %> --auto-approve'},
    {description: 'Apply exactly the plan that was reviewed', command: '<%= config.bin %> <%= command.id %> plan.json'},
    {
      description: 'Stay under a lower share of the API budget',
      command: '<%= config.bin %> <%= command.id %> --auto-approve --rate-limit 600 --parallelism 4',
    },
  ];
  static override flags = {
    config: configFlag,
    'auto-approve': Flags.boolean({description: 'Skip the interactive approval (for CI).'}),
    parallelism: Flags.integer({
      min: 1,
      max: 100,
      helpValue: 'N',
      description: 'Writes in flight at once (default 10, or http.parallelism).',
    }),
    ...sharedFlags,
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Apply);
    this.colorFlag = flags.color;
    this.jsonMode = flags.json;
    // Each command loads its own part of the app when it runs: no command pays for the others' modules.
    const {runApply} = await import('../app/run-apply.js');
    await runApply(
      flags.config,
      {
        autoApprove: flags['auto-approve'],
        http: httpFrom(flags),
        policy: policyFrom(flags),
        display: displayFrom(flags),
        ...(args.plan === undefined ? {} : {planFile: args.plan}),
      },
      this.io(),
    );
  }
}
