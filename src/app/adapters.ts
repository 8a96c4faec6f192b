// The only place that picks concrete adapters: Port over HTTP as the source, incident.io over
// HTTP as the target, both at the base URLs the config names.
import type {SyncConfig} from '../config/types.js';
import type {CatalogTarget, EntitySource} from '../core/ports.js';
import {PortClient} from '../sources/port/port-client.js';
import {PortEntitySource} from '../sources/port/port-source.js';
import {IncidentCatalogTarget} from '../targets/incident/incident-target.js';

export interface Adapters {
  readonly source: EntitySource;
  readonly target: CatalogTarget;
}

export function createAdapters(config: SyncConfig): Adapters {
  return {
    source: new PortEntitySource(new PortClient(config.port)),
    target: new IncidentCatalogTarget(config.incident),
  };
}
