// The demo's catalog type and the environment that points reconcile at an emulator seeded with the demo's
// credentials (examples/emulator-data.json): shared by bench/run.mjs and bench/memory.mjs.
export const TYPE_ID = '01J5RB95K5NNDE1CRQ7ZQ24YH5';

export function demoEnv(emulator) {
  return {
    PORT_API_URL: emulator.url,
    INCIDENT_API_URL: emulator.url,
    PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: 'demo-incident-api-key',
    INCIDENT_IO_CATALOG_TYPE_ID: TYPE_ID,
    NO_COLOR: '1',
  };
}
