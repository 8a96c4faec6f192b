// Reads Port blueprints once each, with the related blueprints their mirror properties pass
// through, and says what each blueprint's entities hold in `properties` (for validate and init).
import {entityProperties, mirrorTargets} from '../core/blueprint-mapping.js';
import type {BlueprintProperty, BlueprintShape} from '../core/blueprint-mapping.js';
import type {PortBlueprint, PortClient} from '../sources/port/port-client.js';

/** Mirror paths are short; this bounds the rounds of reads for one blueprint. */
const MAX_MIRROR_DEPTH = 5;

export interface BlueprintWithProperties {
  readonly blueprint: PortBlueprint;
  /** Every key of the entities' `properties`, typed where Port says how. */
  readonly properties: Record<string, BlueprintProperty>;
}

export class BlueprintReader {
  private readonly cache = new Map<string, Promise<PortBlueprint>>();
  private readonly read = new Map<string, BlueprintShape>();

  constructor(private readonly port: Pick<PortClient, 'getBlueprint'>) {}

  get(identifier: string): Promise<PortBlueprint> {
    let pending = this.cache.get(identifier);
    if (pending === undefined) {
      pending = this.port.getBlueprint(identifier);
      this.cache.set(identifier, pending);
      void pending.then(
        (b) => this.read.set(identifier, b),
        () => undefined,
      );
    }
    return pending;
  }

  /** The blueprint, and the type of every key of its entities' `properties`. */
  async withProperties(identifier: string): Promise<BlueprintWithProperties> {
    const blueprint = await this.get(identifier);
    for (let round = 0; round < MAX_MIRROR_DEPTH; round += 1) {
      const missing = mirrorTargets(blueprint, this.read).filter((id) => !this.cache.has(id));
      if (missing.length === 0) break;
      // A related blueprint that cannot be read leaves its mirrors untyped; the sync's own read fails loudly.
      await Promise.all(missing.map((id) => this.get(id).catch(() => undefined)));
    }
    return {blueprint, properties: entityProperties(blueprint, this.read)};
  }
}
