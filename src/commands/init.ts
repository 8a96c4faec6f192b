// `reconcile init`: writes a starting sync.config.yaml from Port blueprints.
import {Flags} from '@oclif/core';
import {BaseCommand} from './base-command.js';

export default class Init extends BaseCommand {
  static override summary =
    'Write a commented sync.config.yaml from Port blueprints: a declared catalog type per blueprint, the mapping filled in.';
  static override description =
    'Reads the blueprints with PORT_CLIENT_ID / PORT_CLIENT_SECRET. Relations between the blueprints given become references.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --blueprint service',
    {
      description: 'Services that reference their team',
      command: '<%= config.bin %> <%= command.id %> --blueprint team --blueprint service --out sync.config.yaml',
    },
    {
      description: "Take over the type Port's guide fills",
      command: '<%= config.bin %> <%= command.id %> --blueprint service --catalog-type "$INCIDENT_IO_CATALOG_TYPE_ID"',
    },
  ];
  static override flags = {
    blueprint: Flags.string({
      char: 'b',
      required: true,
      multiple: true,
      description: 'Port blueprint identifier (repeatable).',
    }),
    out: Flags.string({
      char: 'o',
      default: 'sync.config.yaml',
      helpValue: 'FILE',
      description: 'Where to write the config.',
    }),
    force: Flags.boolean({description: 'Overwrite the file if it exists.'}),
    region: Flags.string({options: ['eu', 'us'], default: 'eu', description: 'Port region.'}),
    'base-url': Flags.string({
      helpValue: 'URL',
      description: 'Port API base URL instead of the region (also PORT_API_URL).',
    }),
    'catalog-type': Flags.string({
      helpValue: 'ID|TYPE_NAME',
      description:
        "Take over this existing catalog type (e.g. the one Port's guide fills) instead of declaring a new " +
        'one: its type_name, name, description and categories are kept. Reads it with INCIDENT_IO_API_KEY; ' +
        'one --blueprint only.',
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Init);
    this.colorFlag = flags.color;
    const {runInit} = await import('../app/run-init.js');
    await runInit(
      {
        blueprints: flags.blueprint,
        out: flags.out,
        force: flags.force,
        region: flags.region === 'us' ? 'us' : 'eu',
        ...(flags['base-url'] === undefined ? {} : {baseUrl: flags['base-url']}),
        ...(flags['catalog-type'] === undefined ? {} : {catalogType: flags['catalog-type']}),
      },
      this.io(),
    );
  }
}
