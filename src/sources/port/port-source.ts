// EntitySource backed by the Port API: what the planner sees of Port.
import type {SourceEntity} from '../../core/model.js';
import type {EntitySource} from '../../core/ports.js';
import type {PortClient} from './port-client.js';

export class PortEntitySource implements EntitySource {
  constructor(private readonly client: PortClient) {}

  async listEntities(blueprint: string, query?: unknown): Promise<SourceEntity[]> {
    const raw = await this.client.searchEntities(blueprint, query);
    return raw.filter((e): e is Record<string, unknown> & SourceEntity => typeof e['identifier'] === 'string');
  }
}
