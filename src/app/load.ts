// Loads the config and compiles every expression: all problems, located, before any request.
import {ConfigError} from '../core/errors.js';
import {loadConfig, sortDiagnostics} from '../config/load-config.js';
import type {Env} from '../config/interpolate.js';
import type {Expression, SyncConfig} from '../config/types.js';
import {compileAll, type Compiled} from '../mapping/compile.js';
import {orderSyncs} from '../core/sync-order.js';
import type {CompiledSync} from '../mapping/map-entities.js';
import {entityFields} from '../mapping/include.js';

export interface LoadedSyncs {
  readonly config: SyncConfig;
  readonly syncs: readonly CompiledSync[];
  /**
   * Sync names in dependency order as far as the config tells (declared types' references); the plan
   * refines it with the live types' attributes (app/read-types.ts), which only incident.io knows.
   */
  readonly order: readonly string[];
}

export function loadAndCompile(file: string, env: Env): LoadedSyncs {
  const loaded = loadConfig(file, env);
  const {compiled, diagnostics} = compileAll(loaded.expressions);
  const all = sortDiagnostics([...loaded.diagnostics, ...diagnostics]);
  if (all.length > 0 || loaded.config === undefined) throw new ConfigError(all);
  const config = loaded.config;
  const get = (e: Expression): Compiled => compiled.get(e) as Compiled;
  const syncs = config.syncs.map((sync) => {
    const expressions = [
      sync.externalId,
      sync.entryName,
      sync.aliases,
      sync.rank,
      sync.filter,
      ...sync.attributes.map((a) => a.expression),
    ];
    const include = entityFields(expressions.flatMap((e) => (e === undefined ? [] : [e.source])));
    return {
      name: sync.name,
      externalId: get(sync.externalId),
      entryName: get(sync.entryName),
      ...(sync.aliases === undefined ? {} : {aliases: get(sync.aliases)}),
      ...(sync.rank === undefined ? {} : {rank: get(sync.rank)}),
      ...(sync.filter === undefined ? {} : {filter: get(sync.filter)}),
      attributes: sync.attributes.map((a) => ({name: a.name, expression: get(a.expression)})),
      ...(include === undefined ? {} : {include}),
    };
  });
  // Declared references order the syncs as far as the config tells; a cycle among them is judged at
  // plan time, when reconcile knows which of the types exist (app/read-types.ts).
  const order = orderSyncs(
    config.syncs.map((s) => ({
      name: s.name,
      typeName: s.catalogType,
      references: (s.declaredType?.attributes ?? []).map((a) => a.type),
    })),
  );
  return {config, syncs, order};
}
