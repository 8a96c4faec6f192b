#!/usr/bin/env node
// npm run bench [-- --quick] [-- --record]: reconcile against the emulator with 100 ms latency per
// request and incident.io's 1,200/min limit on, for N = 1,000 / 10,000 / 50,000 (quick: 3,000) synthetic
// entities; then, given --guide PATH, the guide's curl+jq job next to reconcile (N = 1,000, no latency, no limit).
// Then a targeted apply (--target: an update, a create, a delete) in a catalog of 50,000 entries;
// `--only targeted` runs just that (a minute or two). Then the memory figures at 10,000 and 50,000
// entries, without latency (bench/memory.mjs); `--only memory` runs just those (about 10 minutes).
// Prints figures and met / not met against the
// targets; never asserts. --record writes bench/RESULTS.md. Uses the built CLI (`npm run bench` builds it).
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startEmulator} from '../dist/emulator/server.js';
import {demoEnv as env, TYPE_ID} from './demo-env.mjs';
import {memoryFigures} from './memory.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const hook = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
// --guide PATH: the guide's job as a bash script that takes the API hosts and credentials from
// PORT_API_URL, INCIDENT_API_URL, PORT_CLIENT_ID, PORT_CLIENT_SECRET, INCIDENT_IO_API_KEY and
// INCIDENT_IO_CATALOG_TYPE_ID. Without it the side-by-side is skipped: nothing here depends on files
// outside the repository.
const guideArg = process.argv.indexOf('--guide');
const guidePath = guideArg >= 0 ? process.argv[guideArg + 1] : undefined;
const guide = guidePath === undefined ? undefined : resolve(guidePath);
if (guideArg >= 0 && (guide === undefined || !existsSync(guide))) {
  console.error(`--guide needs the path of the guide's job as a bash script; "${guidePath ?? ''}" does not exist`);
  process.exit(1);
}
const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1] : undefined;
if (only !== undefined && only !== 'targeted' && only !== 'memory') {
  console.error(`--only takes "targeted" or "memory", not "${only ?? ''}"`);
  process.exit(1);
}
const record = process.argv.includes('--record');
// --sizes 10000,50000: only those scales (skips the 50,000 no-op plan).
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg >= 0 ? process.argv[sizesArg + 1].split(',').map(Number) : undefined;
const LIMIT = 1200;
const LIFECYCLE = '01J5RBA0LIFECYCLE000000000';

const baseSeed = JSON.parse(readFileSync(new URL('../examples/emulator-data.json', import.meta.url), 'utf8'));

function entity(i, lifecycle = 'Production') {
  return {
    identifier: `svc-${String(i).padStart(6, '0')}`,
    title: `Service ${i}`,
    properties: {
      url: `https://github.com/acme/svc-${i}`,
      readme: `# Service ${i}\n\nDoes thing ${i}.`,
      language: 'GO',
      lifecycle,
      type: 'Backend',
    },
  };
}

function entities(n, lifecycle = 'Production') {
  return Array.from({length: n}, (_, i) => entity(i, lifecycle));
}

/** Entries exactly as reconcile would have written them: a no-op plan's starting point. */
function entriesFor(list) {
  const attr = (literal) => ({value: {literal}});
  return list.map((e) => ({
    catalog_type_id: TYPE_ID,
    name: e.title,
    external_id: e.identifier,
    aliases: [],
    rank: 0,
    attribute_values: {
      '01J5RBA0URL000000000000000': attr(e.properties.url),
      '01J5RBA0README000000000000': attr(e.properties.readme),
      '01J5RBA0LANGUAGE0000000000': attr(e.properties.language),
      [LIFECYCLE]: attr(e.properties.lifecycle),
      '01J5RBA0TYPE00000000000000': attr(e.properties.type),
    },
  }));
}

function seed(n, {synced = false} = {}) {
  const s = structuredClone(baseSeed);
  s.port.entities.service = entities(n);
  s.incident.entries = synced ? entriesFor(s.port.entities.service) : [];
  if (synced) s.incident.catalogTypes[0].annotations = {'reconcile.sync-id': 'services'}; // as the first apply left it
  return s;
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {cwd: root, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
        rssMb: rss ? Number(rss[1]) / 1024 : undefined,
      });
    });
  });
}

async function reconcile(emulator, ...args) {
  const start = emulator.requests.length;
  const result = await run(
    process.execPath,
    ['--import', hook, bin, ...args, '--config', 'examples/sync.config.yaml'],
    env(emulator),
  );
  if (result.code !== 0 && result.code !== 2)
    throw new Error(`reconcile ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  const requests = emulator.requests.slice(start).filter((r) => r.api === 'incident' || r.api === 'port');
  const writes = requests.filter((r) => r.api === 'incident' && r.method !== 'GET');
  return {
    ...result,
    requests,
    reads: requests.length - writes.length,
    writes: writes.length,
    limited: requests.filter((r) => r.status === 429).length,
  };
}

/**
 * The busiest 60 s of incident.io requests (reads and writes, by the emulator's clock) as a share
 * of the limit: at least 0.9 means the budget was used, at most 1 means it was never exceeded.
 * Meaningful when the apply needs more than one window (N well above 1,200).
 */
function busiestWindowShare(requests) {
  const times = requests
    .filter((r) => r.api === 'incident')
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j += 1) {
    while (times[j] - times[i] >= 60_000) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best / LIMIT;
}

const fmt = (n, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const lines = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};
const targets = [];

/** Replaces the blueprint's entities through the control API, in chunks under its 1 MiB body limit. */
async function replaceEntities(emulator, list) {
  for (let i = 0; i < list.length; i += 1000) {
    const response = await fetch(`${emulator.url}/_emulator/port/blueprints/service/entities`, {
      method: 'POST',
      body: JSON.stringify({replace: i === 0, entities: list.slice(i, i + 1000)}),
    });
    if (!response.ok) throw new Error(`control API refused the entities: ${response.status} ${await response.text()}`);
  }
}

async function scale(n) {
  say(`\n### N = ${n.toLocaleString('en-US')} (100 ms latency per request, ${LIMIT}/min limit per key)\n`);
  const emulator = await startEmulator({seed: seed(n), faults: {latencyMs: 100, rateLimitPerMinute: LIMIT}});
  try {
    const plan = await reconcile(emulator, 'plan');
    // In CI, plan and apply are separate steps minutes apart; here they follow each other at once, so
    // the plan's reads would still sit in the emulator's window. Start the apply with a clean window.
    await fetch(`${emulator.url}/_emulator/faults`, {method: 'PUT', body: JSON.stringify({})});
    const apply = await reconcile(emulator, 'apply', '--auto-approve');
    const share = busiestWindowShare(apply.requests);
    const noopPlan = await reconcile(emulator, 'plan');
    const noopApply = await reconcile(emulator, 'apply', '--auto-approve');
    // Every entity changes: updates go 100 per bulk request.
    await replaceEntities(emulator, entities(n, 'Deprecated'));
    const updateAll = await reconcile(emulator, 'apply', '--auto-approve');
    const updateRequests = updateAll.requests.filter((r) => r.method !== 'GET' && r.api === 'incident').length;
    if (!new RegExp(`0 created, ${n} updated, 0 deleted`).test(updateAll.stdout))
      throw new Error(`update-all did not update ${n} entries:\n${updateAll.stdout.slice(-500)}`);
    say('| run | time (s) | reads | writes | 429s | peak RSS (MB) |');
    say('|---|---:|---:|---:|---:|---:|');
    say(
      `| plan (all new) | ${fmt(plan.seconds)} | ${plan.reads} | ${plan.writes} | ${plan.limited} | ${fmt(plan.rssMb, 0)} |`,
    );
    say(
      `| first apply | ${fmt(apply.seconds)} | ${apply.reads} | ${apply.writes} | ${apply.limited} | ${fmt(apply.rssMb, 0)} |`,
    );
    say(
      `| no-op plan | ${fmt(noopPlan.seconds)} | ${noopPlan.reads} | ${noopPlan.writes} | ${noopPlan.limited} | ${fmt(noopPlan.rssMb, 0)} |`,
    );
    say(
      `| no-op apply | ${fmt(noopApply.seconds)} | ${noopApply.reads} | ${noopApply.writes} | ${noopApply.limited} | ${fmt(noopApply.rssMb, 0)} |`,
    );
    say(
      `| update all ${n} | ${fmt(updateAll.seconds)} | ${updateAll.reads} | ${updateRequests} | ${updateAll.limited} | ${fmt(updateAll.rssMb, 0)} |`,
    );
    const minutes = apply.seconds / 60;
    say(
      `\nFirst apply: busiest 60 s held ${fmt(share * 100)}% of the ${LIMIT}/min limit; ${fmt(apply.writes / minutes, 0)} writes/min over ${fmt(apply.seconds)} s; failed writes: ${/Apply complete!/.test(apply.stdout) ? 0 : 'some'}.`,
    );
    targets.push([`N=${n}: no-op apply makes 0 writes`, `${noopApply.writes} writes`, noopApply.writes === 0]);
    if (apply.reads + apply.writes > LIMIT) {
      targets.push([
        `N=${n}: first apply uses ≥ 90% of the rate limit and never more, no failed write`,
        `busiest minute ${fmt(share * 100)}%, ${apply.limited} 429s`,
        share >= 0.9 && share <= 1 && apply.limited === 0 && /Apply complete!/.test(apply.stdout),
      ]);
    } else {
      say(
        `(The whole apply needs fewer requests than one minute's budget, so the rate limit is never the bottleneck at this N.)`,
      );
    }
    targets.push([
      `N=${n}: updating all entries takes ≤ ${Math.ceil(n / 100)} update requests`,
      `${updateRequests} requests`,
      updateRequests > 0 && updateRequests <= Math.ceil(n / 100),
    ]);
  } finally {
    await emulator.close();
  }
}

async function noopAtFiftyThousand() {
  const n = 50_000;
  say(`\n### No-op plan of ${n.toLocaleString('en-US')} entries (catalog already in sync)\n`);
  say('| conditions | time (s) | reads | writes | peak RSS (MB) |');
  say('|---|---:|---:|---:|---:|');
  const cases = [
    ['100 ms latency, 1,200/min', {latencyMs: 100, rateLimitPerMinute: LIMIT}, []],
    ['no latency, no limit', {}, ['--rate-limit', '0']],
  ];
  for (const [label, faults, flags] of cases) {
    const emulator = await startEmulator({seed: seed(n, {synced: true}), faults});
    try {
      const plan = await reconcile(emulator, 'plan', '--detailed-exitcode', ...flags);
      if (!/No changes/.test(plan.stdout)) throw new Error('the 50,000 no-op plan planned changes');
      say(`| ${label} | ${fmt(plan.seconds)} | ${plan.reads} | ${plan.writes} | ${fmt(plan.rssMb, 0)} |`);
      targets.push([
        `no-op plan of 50,000, ${label}: ≤ 15 s and ≤ 400 MB`,
        `${fmt(plan.seconds)} s, ${fmt(plan.rssMb, 0)} MB`,
        plan.seconds <= 15 && plan.rssMb <= 400,
      ]);
    } finally {
      await emulator.close();
    }
  }
  say(
    '\nWith 100 ms per request the 200 pages of 250 entries are read one after another (each page needs the cursor of the last): 20 s is the floor there.',
  );
}

/** Sends a control request to the emulator (entities in Port); fails loudly when it is refused. */
async function control(emulator, method, path, body) {
  const json = body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}};
  const response = await fetch(`${emulator.url}/_emulator${path}`, {method, ...json});
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
}

/**
 * What a Port automation triggers: `apply --target ID` for one entity in a catalog of 50,000 that is
 * otherwise in sync. It reads the target's entity and entry only: its cost is flat in the catalog's size.
 */
async function targetedAtFiftyThousand() {
  const n = 50_000;
  const size = n.toLocaleString('en-US');
  say(`\n### Targeted apply in a catalog of ${size} entries (100 ms latency per request, ${LIMIT}/min limit)\n`);
  say('`reconcile apply --auto-approve --sync services --target ID`, the catalog otherwise in sync; requests count');
  say('every call to Port and incident.io (token and type read included).\n');
  say('| change in Port | result | time (s) | requests | of which writes | peak RSS (MB) |');
  say('|---|---|---:|---:|---:|---:|');
  const faults = {latencyMs: 100, rateLimitPerMinute: LIMIT};
  const emulator = await startEmulator({seed: seed(n, {synced: true}), faults});
  const id = (i) => entity(i).identifier;
  const put = (body) => control(emulator, 'PUT', `/port/blueprints/service/entities/${body.identifier}`, body);
  const cases = [
    [
      'update: one service changes lifecycle',
      id(31_415),
      '0 created, 1 updated, 0 deleted',
      () => put(entity(31_415, 'Deprecated')),
    ],
    [
      'delete: a service is deleted',
      id(42),
      '0 created, 0 updated, 1 deleted',
      () => control(emulator, 'DELETE', `/port/blueprints/service/entities/${id(42)}`),
    ],
    // The type holds 50,000 entries, as many as incident.io takes: the create comes after the delete.
    [
      'create: a new service',
      'svc-new',
      '1 created, 0 updated, 0 deleted',
      () => put({...entity(0), identifier: 'svc-new', title: 'New service'}),
    ],
    ['nothing: an identifier no side has', 'no-such-service', 'No changes', async () => undefined],
  ];
  let worst = 0;
  try {
    for (const [label, target, expected, change] of cases) {
      await change();
      const result = await reconcile(emulator, 'apply', '--auto-approve', '--sync', 'services', '--target', target);
      if (!result.stdout.includes(expected)) {
        throw new Error(`targeted ${label}: expected "${expected}":\n${result.stdout.slice(-800)}`);
      }
      const requests = result.reads + result.writes;
      if (!label.startsWith('nothing')) worst = Math.max(worst, requests);
      const seconds = fmt(result.seconds);
      say(`| ${label} | ${expected} | ${seconds} | ${requests} | ${result.writes} | ${fmt(result.rssMb, 0)} |`);
    }
    const startup = await run(process.execPath, [bin, '--version'], {});
    say(`| (start-up only: \`reconcile --version\`) | | ${fmt(startup.seconds)} | 0 | 0 | |`);
    const check = await reconcile(emulator, 'plan', '--detailed-exitcode', '--rate-limit', '0');
    const converged = /No changes/.test(check.stdout);
    say(`\nAfterwards a full plan of the ${size} entries shows ${converged ? 'no changes' : 'CHANGES'}.`);
    const target = `targeted apply in a catalog of ${size}: ≤ 6 requests for an update, a create, a delete; converged`;
    targets.push([target, `at most ${worst} requests`, worst > 0 && worst <= 6 && converged]);
  } finally {
    await emulator.close();
  }
}

async function guideSideBySide() {
  const n = 1000;
  say(`\n### The guide's curl+jq job next to reconcile (N = ${n}, no latency, no limit)\n`);
  if (guide === undefined) {
    say("Skipped: run `npm run bench -- --guide PATH` with the guide's job as a bash script to compare.");
    return;
  }
  const rows = [];
  for (const who of ['guide', 'reconcile']) {
    const emulator = await startEmulator({seed: seed(n)});
    try {
      const once = async () => {
        const start = emulator.requests.length;
        const result =
          who === 'guide'
            ? await run('bash', [guide], env(emulator))
            : await run(
                process.execPath,
                [bin, 'apply', '--auto-approve', '--rate-limit', '0', '--config', 'examples/sync.config.yaml'],
                env(emulator),
              );
        const requests = emulator.requests.slice(start);
        return {
          seconds: result.seconds,
          writes: requests.filter((r) => r.api === 'incident' && r.method !== 'GET').length,
          requests: requests.length,
        };
      };
      rows.push([who, await once(), await once()]);
    } finally {
      await emulator.close();
    }
  }
  say('| | first sync (s) | requests | writes | second sync, nothing changed (s) | requests | writes |');
  say('|---|---:|---:|---:|---:|---:|---:|');
  for (const [who, first, second] of rows)
    say(
      `| ${who} | ${fmt(first.seconds)} | ${first.requests} | ${first.writes} | ${fmt(second.seconds)} | ${second.requests} | ${second.writes} |`,
    );
  const speedup = rows[0][1].seconds / rows[1][1].seconds;
  say(`\nFirst sync: reconcile is ${fmt(speedup, 0)}× faster than the guide's job.`);
  targets.push([
    'first sync of 1,000 entries ≥ 50× faster than the guide (limiter off, no latency)',
    `${fmt(speedup, 0)}×`,
    speedup >= 50,
  ]);
}

const started = new Date();
say(`# reconcile benchmark\n`);
say(
  `${started.toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · \`npm run bench -- ${process.argv.slice(2).join(' ')}\``,
);
if (only === undefined) {
  for (const n of sizes ?? (quick ? [3000] : [1000, 10_000, 50_000])) await scale(n);
  if (sizes === undefined) await noopAtFiftyThousand();
}
if (only === 'targeted' || (only === undefined && sizes === undefined)) await targetedAtFiftyThousand();
if (only === 'memory' || (only === undefined && sizes === undefined)) {
  await memoryFigures(baseSeed, say, (target, measured, ok) => targets.push([target, measured, ok]));
}
if (only === undefined) await guideSideBySide();
say('\n### Targets\n');
say('| target | measured | |');
say('|---|---|---|');
for (const [target, measured, ok] of targets) say(`| ${target} | ${measured} | ${verdict(ok)} |`);
// --record adds this run to bench/RESULTS.md, newest first, keeping the runs before it.
if (record) {
  const file = new URL('./RESULTS.md', import.meta.url);
  const before = existsSync(file) ? readFileSync(file, 'utf8').replace(/^# reconcile benchmark\n+/, '') : '';
  writeFileSync(
    file,
    `${lines.join('\n').replace(/^# reconcile benchmark\n/, '# reconcile benchmark\n\n## Run')}\n\n${before}`,
  );
}
