// Starts the project's emulator in-process on an ephemeral port and drives its control API.
import {readFileSync} from 'node:fs';
import {startEmulator, type RunningEmulator} from '../../src/emulator/server.js';

export const DEMO_TYPE_ID = '01J5RB95K5NNDE1CRQ7ZQ24YH5';
export const HAND_MADE_ENTRY_ID = '01J5RBHAND0000000000000000';

export function demoSeed(): Record<string, any> {
  return JSON.parse(readFileSync(new URL('../../examples/emulator-data.json', import.meta.url), 'utf8'));
}

export interface LoggedRequest {
  api: string;
  method: string;
  path: string;
  /** The query string without its `?`, when there is one. */
  query?: string;
  status: number;
  fault?: string;
  at: number;
  userAgent?: string;
}

export class EmulatorHandle {
  constructor(readonly running: RunningEmulator) {}

  get url(): string {
    return this.running.url;
  }

  async control(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method, ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}}),
    });
    if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.control('GET', '/requests')).requests;
  }

  /** The most incident.io writes the emulator was handling at once since the log was cleared. */
  async maxWritesInFlight(): Promise<number> {
    return (await this.control('GET', '/requests')).maxWritesInFlight;
  }

  /** Targeted faults: the next `count` requests matching method and path (a trailing * is a prefix) get `kind`. */
  async failNext(rule: {method?: string; path?: string; kind: string; count?: number}): Promise<void> {
    await this.control('PUT', '/faults', {rules: [{count: 1, ...rule}]});
  }

  async writes(): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.api === 'incident' && r.method !== 'GET');
  }

  async clearRequests(): Promise<void> {
    await this.control('DELETE', '/requests');
  }

  async entries(typeId = DEMO_TYPE_ID): Promise<any[]> {
    return (await this.control('GET', `/incident/catalog_types/${typeId}/entries`)).catalog_entries;
  }

  async putEntity(blueprint: string, entity: Record<string, unknown>): Promise<void> {
    await this.control('PUT', `/port/blueprints/${blueprint}/entities/${encodeURIComponent(String(entity['identifier']))}`, entity);
  }

  async deleteEntity(blueprint: string, identifier: string): Promise<void> {
    await this.control('DELETE', `/port/blueprints/${blueprint}/entities/${encodeURIComponent(identifier)}`);
  }

  async close(): Promise<void> {
    await this.running.close();
  }
}

export async function startTestEmulator(seed: unknown = demoSeed()): Promise<EmulatorHandle> {
  return new EmulatorHandle(await startEmulator({seed}));
}

export function demoEnv(emulator: EmulatorHandle): Record<string, string> {
  return {
    PORT_API_URL: emulator.url, INCIDENT_API_URL: emulator.url,
    PORT_CLIENT_ID: 'demo-client-id', PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: 'demo-incident-api-key', INCIDENT_IO_CATALOG_TYPE_ID: DEMO_TYPE_ID,
  };
}
