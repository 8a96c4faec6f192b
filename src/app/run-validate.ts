// `reconcile validate`: config, env and expressions, with no network at all.
import {loadAndCompile} from './load.js';
import type {CommandIo} from './io.js';

export function runValidate(file: string, io: CommandIo): number {
  const {config} = loadAndCompile(file, io.env);
  const n = config.syncs.length;
  const expressions = config.syncs.reduce((sum, s) => sum + 2 + s.attributes.length + (s.aliases ? 1 : 0) + (s.rank ? 1 : 0), 0);
  io.out(`${io.style.green('Success!')} ${file}: ${n} ${n === 1 ? 'sync' : 'syncs'}, ${expressions} expressions compiled, every environment variable set.\n`);
  return 0;
}
