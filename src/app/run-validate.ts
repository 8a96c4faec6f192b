// `reconcile validate`: config, env and expressions, with no network at all; with --remote, also
// every mapped property against its blueprint and every attribute against the catalog type.
import {createAdapters} from './adapters.js';
import type {CommandIo} from './io.js';
import {loadAndCompile} from './load.js';
import {checkSyncRemotely} from './remote-check.js';
import {PortClient} from '../sources/port/port-client.js';
import {BlueprintReader} from './blueprints.js';

export async function runValidate(file: string, options: {remote: boolean}, io: CommandIo): Promise<number> {
  const {config} = loadAndCompile(file, io.env);
  const n = config.syncs.length;
  const expressions = config.syncs.reduce(
    (sum, s) => sum + 2 + s.attributes.length + (s.aliases ? 1 : 0) + (s.rank ? 1 : 0) + (s.filter ? 1 : 0),
    0,
  );
  if (options.remote) {
    const {target, redactor} = createAdapters(config, {}, undefined, true);
    const blueprints = new BlueprintReader(new PortClient(config.port, {redactor}));
    const problems: string[] = [];
    for (const spec of config.syncs) {
      const {blueprint, properties} = await blueprints.withProperties(spec.blueprint);
      problems.push(...(await checkSyncRemotely(spec, blueprint, properties, target)));
    }
    if (problems.length > 0) {
      io.err(
        `${problems.length} problem(s) against Port and incident.io:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
      );
      return 1;
    }
  }
  const remote = options.remote ? ' Every mapped property and attribute exists, with a type that fits.' : '';
  io.out(
    `${io.style.green('Success!')} ${file}: ${n} ${n === 1 ? 'sync' : 'syncs'}, ${expressions} expressions compiled, every environment variable set.${remote}\n`,
  );
  return 0;
}
