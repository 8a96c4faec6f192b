#!/usr/bin/env node
// npm run demo: the main job end to end on the embedded emulator. Starts `reconcile emulator`
// seeded from examples/, then runs plan, apply, plan (no changes), changes one entity in the
// emulated Port, plans the update and applies it, showing the CLI's real output.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const exampleArg = process.argv.indexOf('--example');
const example = exampleArg >= 0 ? process.argv[exampleArg + 1] : 'guide';
if (example !== 'guide' && example !== 'multi') {
  console.error(`unknown example "${example}": use --example guide (the default) or --example multi`);
  process.exit(1);
}
const config = example === 'multi' ? 'examples/multi/sync.config.yaml' : 'examples/sync.config.yaml';
const data = example === 'multi' ? 'examples/multi/emulator-data.json' : 'examples/emulator-data.json';
const bold = (s) => (process.stdout.isTTY ? `\u001B[1m${s}\u001B[22m` : s);

function startEmulator() {
  const child = spawn(process.execPath, [bin, 'emulator', '--port', '0', '--data', data], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Port API:\s+(\S+)/.exec(out);
      if (match) resolve({child, url: match[1]});
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
}

function step(title) {
  console.log(`\n${bold(`━━ ${title}`)}`);
}

function reconcile(env, ...args) {
  console.log(bold(`$ reconcile ${args.join(' ')}`));
  const result = spawnSync(process.execPath, [bin, ...args], {cwd: root, env, stdio: 'inherit'});
  console.log(`(exit code ${result.status})`);
  return result.status;
}

/** Changes one service entity in the emulated Port through the control API. */
async function changeService(url, identifier, change) {
  const state = await (await fetch(`${url}/_emulator/state`)).json();
  const entity = state.port.entities.service.find((e) => e.identifier === identifier);
  await fetch(`${url}/_emulator/port/blueprints/service/entities/${identifier}`, {
    method: 'PUT',
    body: JSON.stringify(change(entity)),
  });
}

async function multiDemo(env, url) {
  step('1. Plan: three blueprints, three catalog types to create, references between them');
  reconcile(env, 'plan', '--config', config, '--detailed-exitcode');
  step('2. Apply: types first, then teams and domains, then the services that reference them');
  reconcile(env, 'apply', '--config', config, '--auto-approve');
  step('3. Plan again: nothing to do');
  reconcile(env, 'plan', '--config', config, '--detailed-exitcode');
  step('4. The ledger moves from the payments team to the platform team in Port');
  await changeService(url, 'ledger', (ledger) => ({...ledger, relations: {...ledger.relations, team: 'platform'}}));
  step('5. Plan: one reference changes, owner "payments" -> "platform"');
  reconcile(env, 'plan', '--config', config, '--detailed-exitcode');
  step('6. Apply it');
  reconcile(env, 'apply', '--config', config, '--auto-approve');
}

const {child, url} = await startEmulator();
try {
  console.log(`Emulated Port and incident.io APIs at ${url}`);
  const env = {
    ...process.env,
    PORT_API_URL: url,
    INCIDENT_API_URL: url,
    PORT_CLIENT_ID: 'demo-client-id',
    PORT_CLIENT_SECRET: 'demo-client-secret',
    INCIDENT_IO_API_KEY: 'demo-incident-api-key',
    INCIDENT_IO_CATALOG_TYPE_ID: '01J5RB95K5NNDE1CRQ7ZQ24YH5',
  };
  if (example === 'multi') {
    await multiDemo(env, url);
    process.exitCode = 0;
  } else {
    step('1. Plan: Port has 8 services, the catalog has none of them yet');
    reconcile(env, 'plan', '--config', config, '--detailed-exitcode');
    step('2. Apply');
    reconcile(env, 'apply', '--config', config, '--auto-approve');
    step('3. Plan again: nothing to do, and apply would send no write');
    reconcile(env, 'plan', '--config', config, '--detailed-exitcode');

    step('4. Someone marks the ledger service as deprecated in Port');
    await changeService(url, 'ledger', (ledger) => ({
      ...ledger,
      properties: {
        ...ledger.properties,
        lifecycle: 'Deprecated',
        readme: `${ledger.properties.readme}Replaced by ledger-v2 in Q3.\n`,
      },
    }));
    console.log(
      'PUT /_emulator/port/blueprints/service/entities/ledger  (lifecycle: Production -> Deprecated, one README line added)',
    );

    const saved = join(mkdtempSync(join(tmpdir(), 'reconcile-demo-')), 'plan.json');
    step('5. Plan: one update, old -> new, saved for review');
    reconcile(env, 'plan', '--config', config, '--detailed-exitcode', '--out', saved);
    step('6. Apply exactly the reviewed plan');
    reconcile(env, 'apply', '--config', config, saved);
    const requests = (await (await fetch(`${url}/_emulator/requests`)).json()).requests;
    const writes = requests.filter((r) => r.api === 'incident' && r.method !== 'GET');
    console.log(
      `\nWrites the emulated incident.io received in the whole demo: ${writes.length} (1 ownership annotation on the type, 7 creates, 1 update).`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
