// EntitySource backed by the Port API: what the planner sees of Port.
import type {SourceEntity} from '../../core/model.js';
import type {EntityPageOptions, EntitySource} from '../../core/ports.js';
import type {PortClient} from './port-client.js';

export class PortEntitySource implements EntitySource {
  constructor(private readonly client: PortClient) {}

  async listEntities(blueprint: string, query?: unknown): Promise<SourceEntity[]> {
    const raw = await this.client.searchEntities(blueprint, query);
    return raw.filter(isEntity);
  }

  async *entityPages(blueprint: string, options: EntityPageOptions = {}): AsyncGenerator<SourceEntity[]> {
    for await (const page of this.client.searchPages(blueprint, options)) yield page.filter(isEntity);
  }
}

function isEntity(e: Record<string, unknown>): e is Record<string, unknown> & SourceEntity {
  return typeof e['identifier'] === 'string';
}
