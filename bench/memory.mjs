// The memory figures of issue 9, at 10,000 and 50,000 entries, against the emulator without latency
// or rate limit (and reconcile with --rate-limit 0), so they finish in minutes:
//   - a no-op plan, next to a bare client fetching and parsing the same pages (the floor);
//   - `plan --out` and `plan --json` of N updates of a 6 KB Text value;
//   - `apply` of N creates.
// Each prints time and peak RSS, and peak RSS per 1,000 entries so linear growth shows.
// Entities carry realistic extras the mapping does not read (a description, a changelog, relations),
// and a README of 300 bytes (6 KB for the update runs).
import {spawn} from 'node:child_process';
import {mkdtempSync, openSync, readSync, closeSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startEmulator} from '../dist/emulator/server.js';
import {demoEnv as env, TYPE_ID} from './demo-env.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const hook = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
const bare = fileURLToPath(new URL('./bare-client.mjs', import.meta.url));
const ATTR = {
  url: '01J5RBA0URL000000000000000',
  readme: '01J5RBA0README000000000000',
  language: '01J5RBA0LANGUAGE0000000000',
  lifecycle: '01J5RBA0LIFECYCLE000000000',
  type: '01J5RBA0TYPE00000000000000',
};
/** What reconcile asks Port for with examples/sync.config.yaml: the bare client sends the same. */
const INCLUDE = [
  'identifier',
  'title',
  'properties.url',
  'properties.readme',
  'properties.language',
  'properties.lifecycle',
  'properties.type',
];
const SIZES = [10_000, 50_000];

/** A README of about 300 bytes. */
const shortReadme = (i) =>
  `# Service ${i}\n\nDoes thing ${i} for the platform.\nOwned by team ${i % 40}.\n${'Runbook: restart, drain, page on-call. '.repeat(6)}\n`;

/**
 * A README of about 6 KB: 100 lines. The realistic edit a sync carries is a line or two: here
 * line 40 (the deployed version) changes; the other 99 lines stay.
 */
function longReadme(i, version) {
  const lines = [`# Service ${i}`, ''];
  for (let k = 2; k < 100; k += 1) {
    lines.push(
      k === 40
        ? `Deployed version: ${version}.${i}`
        : `Line ${k} of the runbook of service ${i}: check, drain, restart, page.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function entity(i, readme) {
  return {
    identifier: `svc-${String(i).padStart(6, '0')}`,
    title: `Service ${i}`,
    properties: {
      url: `https://github.com/acme/svc-${i}`,
      readme,
      language: 'GO',
      lifecycle: 'Production',
      type: 'Backend',
      description: `Service ${i} of the acme platform, deployed to three regions. `.repeat(3),
      changelog: `v1.0.${i}: fixes; v0.9.${i}: features. `.repeat(8),
    },
    relations: {team: `team-${i % 40}`, domain: 'platform'},
  };
}

function entry(e, readme) {
  const attr = (literal) => ({value: {literal}});
  return {
    catalog_type_id: TYPE_ID,
    name: e.title,
    external_id: e.identifier,
    aliases: [],
    rank: 0,
    attribute_values: {
      [ATTR.url]: attr(e.properties.url),
      [ATTR.readme]: attr(readme),
      [ATTR.language]: attr(e.properties.language),
      [ATTR.lifecycle]: attr(e.properties.lifecycle),
      [ATTR.type]: attr(e.properties.type),
    },
  };
}

/** entities(i) → the Port entity; stored(i) → the catalog entry's README, or no entries at all. */
function seed(base, n, readme, stored) {
  const s = structuredClone(base);
  s.port.entities.service = Array.from({length: n}, (_, i) => entity(i, readme(i)));
  s.incident.entries = stored === undefined ? [] : s.port.entities.service.map((e, i) => entry(e, stored(i)));
  if (stored !== undefined) s.incident.catalogTypes[0].annotations = {'reconcile.sync-id': 'services'};
  return s;
}

/** Runs a process; keeps only the tail of stdout (a --json document is hundreds of MB). */
function run(command, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {cwd: root, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
    let tail = '';
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (c) => {
      bytes += c.length;
      tail = (tail + c).slice(-4000);
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr);
      const seconds = (performance.now() - started) / 1000;
      resolve({code, tail, bytes, stderr, seconds, rssMb: rss ? Number(rss[1]) / 1024 : undefined});
    });
  });
}

async function reconcile(emulator, ...args) {
  const cli = [bin, ...args, '--rate-limit', '0', '--config', 'examples/sync.config.yaml'];
  const result = await run(process.execPath, ['--import', hook, ...cli], env(emulator));
  if (result.code !== 0 && result.code !== 2) {
    throw new Error(`reconcile ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  }
  return result;
}

/** The first `bytes` of a file: a saved plan's summary sits at its top. */
function head(file, bytes = 2000) {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const fmt = (n, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));
const perThousand = (mb, n) => fmt((mb / n) * 1000, 2);

async function withEmulator(s, work) {
  const emulator = await startEmulator({seed: s});
  try {
    return await work(emulator);
  } finally {
    await emulator.close();
  }
}

export async function noopPlan(base, n) {
  return withEmulator(seed(base, n, shortReadme, shortReadme), async (emulator) => {
    const floor = await run(
      process.execPath,
      ['--import', hook, bare, emulator.url, 'service', TYPE_ID, INCLUDE.join(',')],
      {},
    );
    if (floor.code !== 0) throw new Error(`bare client failed:\n${floor.stderr.slice(-2000)}`);
    const plan = await reconcile(emulator, 'plan', '--detailed-exitcode');
    if (!/No changes/.test(plan.tail))
      throw new Error(`the ${n} no-op plan planned changes:\n${plan.tail.slice(-500)}`);
    return {plan, floor};
  });
}

export async function updatePlans(base, n, dir) {
  const s = seed(
    base,
    n,
    (i) => longReadme(i, '1.1'),
    (i) => longReadme(i, '1.0'),
  );
  return withEmulator(s, async (emulator) => {
    const file = join(dir, `plan-${n}.json`);
    const out = await reconcile(emulator, 'plan', '--out', file);
    const saved = head(file);
    if (!new RegExp(`"update": ${n},`).test(saved)) throw new Error(`plan --out did not plan ${n} updates:\n${saved}`);
    const size = statSync(file).size;
    rmSync(file);
    const json = await reconcile(emulator, 'plan', '--json');
    if (!/\}\n$/.test(json.tail)) throw new Error(`plan --json did not end its document:\n${json.tail.slice(-500)}`);
    return {out, json, fileMb: size / 2 ** 20, jsonMb: json.bytes / 2 ** 20};
  });
}

export async function createAll(base, n) {
  return withEmulator(seed(base, n, shortReadme, undefined), async (emulator) => {
    const apply = await reconcile(emulator, 'apply', '--auto-approve');
    if (!new RegExp(`${n} created, 0 updated, 0 deleted`).test(apply.tail)) {
      throw new Error(`apply did not create ${n} entries:\n${apply.tail.slice(-500)}`);
    }
    return apply;
  });
}

/**
 * Runs the memory figures; `say` prints a line, `target(name, measured, ok)` records a target.
 * `base` is the parsed examples/emulator-data.json.
 */
export async function memoryFigures(base, say, target) {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-bench-'));
  const rows = [];
  const at = {};
  try {
    for (const n of SIZES) {
      const {plan, floor} = await noopPlan(base, n);
      const updates = await updatePlans(base, n, dir);
      const apply = await createAll(base, n);
      at[n] = {plan, floor, updates, apply};
      rows.push(
        [`no-op plan`, n, plan],
        [`bare client (the floor)`, n, floor],
        [
          `plan --out, ${n.toLocaleString('en-US')} updates of 6 KB (${fmt(updates.fileMb, 0)} MB file)`,
          n,
          updates.out,
        ],
        [`plan --json, same (${fmt(updates.jsonMb, 0)} MB on stdout)`, n, updates.json],
        [`apply, ${n.toLocaleString('en-US')} creates`, n, apply],
      );
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
  say(`\n### Memory (no latency, no rate limit; reconcile with --rate-limit 0)\n`);
  say('| run | N | time (s) | peak RSS (MB) | peak RSS per 1,000 entries (MB) |');
  say('|---|---:|---:|---:|---:|');
  for (const [label, n, r] of rows) {
    say(
      `| ${label} | ${n.toLocaleString('en-US')} | ${fmt(r.seconds)} | ${fmt(r.rssMb, 0)} | ${perThousand(r.rssMb, n)} |`,
    );
  }
  const big = at[50_000];
  const ratio = big.plan.seconds / big.floor.seconds;
  say(
    `\nNo-op plan of 50,000: ${fmt(big.plan.seconds)} s against the bare client's ${fmt(big.floor.seconds)} s: ${fmt(ratio, 2)}×.`,
  );
  target('no-op plan of 50,000: ≤ 250 MB peak RSS', `${fmt(big.plan.rssMb, 0)} MB`, big.plan.rssMb <= 250);
  target('no-op plan of 50,000: ≤ 1.2× the bare client', `${fmt(ratio, 2)}×`, ratio <= 1.2);
  for (const [flag, r] of [
    ['--out', big.updates.out],
    ['--json', big.updates.json],
  ]) {
    target(`plan ${flag} of 50,000 updates of 6 KB: completes, ≤ 600 MB`, `${fmt(r.rssMb, 0)} MB`, r.rssMb <= 600);
  }
  target('apply of 50,000 creates: ≤ 400 MB peak RSS', `${fmt(big.apply.rssMb, 0)} MB`, big.apply.rssMb <= 400);
}

/** The seed of one run (`noop`, `update` or `create`) at N entities: to run the CLI by hand against it. */
export function seedFor(base, n, kind) {
  if (kind === 'update')
    return seed(
      base,
      n,
      (i) => longReadme(i, '1.1'),
      (i) => longReadme(i, '1.0'),
    );
  return seed(base, n, shortReadme, kind === 'noop' ? shortReadme : undefined);
}
