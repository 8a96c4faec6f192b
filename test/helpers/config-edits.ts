// Edits of examples/multi/sync.config.yaml that several e2e tests make.

/** The teams' declared type gains a Number attribute `size`, mapped from the count of their Slack channels. */
export function teamsWithSize(yaml: string): string {
  return yaml
    .replace(
      '          - {name: lead, type: String}\n',
      '          - {name: lead, type: String}\n          - {name: size, type: Number}\n',
    )
    .replace('      lead: properties.lead\n', '      lead: properties.lead\n      size: $count(properties.slack)\n');
}
