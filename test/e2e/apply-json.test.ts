// apply --json prints exactly one JSON document on stdout, whatever happens: success, failed
// writes, Ctrl-C, a guard's refusal, an error. Exit codes stay as they are without --json.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ROOT, runCli} from '../helpers/cli.js';
import {demoEnv, demoSeed, startTestEmulator, type EmulatorHandle} from '../helpers/emulator.js';

const CONFIG = 'examples/sync.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'reconcile-json-'));
const FAST = join(dir, 'fast.yaml');
writeFileSync(
  FAST,
  readFileSync(CONFIG, 'utf8').replace(
    'syncs:',
    'http:\n  maxRetries: 1\n  backoffBaseMs: 1\n  backoffMaxMs: 5\nsyncs:',
  ),
);
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats.default(ajv);
const validatePlan = ajv.compile(
  JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')),
);

let emulator: EmulatorHandle;
let env: Record<string, string>;

beforeEach(async () => {
  emulator = await startTestEmulator();
  env = demoEnv(emulator);
});
afterEach(() => emulator.close());

/** stdout as exactly one JSON document valid against the plan schema (two documents do not parse). */
function oneDocument(stdout: string): any {
  const doc = JSON.parse(stdout);
  expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
  return doc;
}

describe('apply --json', () => {
  it('success: one document with the plan and the result, exit 0', async () => {
    const result = await runCli(['apply', '-c', CONFIG, '--json', '--auto-approve'], env);
    expect(result.code).toBe(0);
    expect(oneDocument(result.stdout).result).toMatchObject({created: 7, failures: []});
  });

  it('failed writes: one document with the result and the error, exit 1', async () => {
    await emulator.failNext({method: 'POST', path: '/v3/catalog_entries', kind: '500', count: 2});
    const result = await runCli(['apply', '-c', FAST, '--json', '--auto-approve', '--parallelism', '1'], env);
    expect(result.code).toBe(1);
    const doc = oneDocument(result.stdout);
    expect(doc.result).toMatchObject({created: 6, not_started: 0});
    expect(doc.result.failures).toHaveLength(1);
    expect(doc.error).toMatchObject({exit_code: 1, message: expect.stringContaining('1 write(s) did not succeed')});
    expect(result.stderr).toContain('HTTP 500');
  });

  it("a guard's refusal: one document with the error, exit 3", async () => {
    expect((await runCli(['apply', '-c', CONFIG, '--auto-approve'], env)).code).toBe(0);
    await emulator.control('POST', '/port/blueprints/service/entities', {replace: true, entities: []});
    const result = await runCli(['apply', '-c', CONFIG, '--json', '--auto-approve'], env);
    expect(result.code).toBe(3);
    expect(oneDocument(result.stdout).error).toMatchObject({
      exit_code: 3,
      message: expect.stringContaining('--allow-empty-source'),
    });
  });

  it('an error (bad config, HTTP error): one document with the error, exit 1', async () => {
    const missing = await runCli(['apply', '-c', join(dir, 'missing.yaml'), '--json', '--auto-approve'], env);
    expect(missing.code).toBe(1);
    expect(oneDocument(missing.stdout).error).toMatchObject({
      exit_code: 1,
      message: expect.stringContaining('no such file'),
    });
    const unauthorized = await runCli(['apply', '-c', CONFIG, '--json', '--auto-approve'], {
      ...env,
      INCIDENT_IO_API_KEY: 'wrong-key',
    });
    expect(unauthorized.code).toBe(1);
    expect(oneDocument(unauthorized.stdout).error).toMatchObject({
      exit_code: 1,
      message: expect.stringContaining('HTTP 401'),
    });
  });
});

describe('--json and flags that do not parse', () => {
  it('prints one document with the error, exit 1, and the message on stderr as well', async () => {
    const cases = [
      {args: ['apply', '-c', CONFIG, '--json', '--parallelism', '0'], says: 'greater than or equal to 1'},
      {args: ['apply', '-c', CONFIG, '--json', '--bogus'], says: '--bogus'},
      {args: ['plan', '--json', '-c', CONFIG, '--rate-limit', 'many'], says: 'many'},
    ];
    for (const {args, says} of cases) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(1);
      expect(oneDocument(result.stdout).error).toMatchObject({exit_code: 1, message: expect.stringContaining(says)});
      expect(result.stderr).toContain(says);
    }
    expect(await emulator.requests()).toEqual([]);
  });
});

describe('apply --json, interrupted', () => {
  it('Ctrl-C: one document with what was and was not done, exit 1', async () => {
    await emulator.close();
    const seed = demoSeed();
    seed.port.entities.service = Array.from({length: 300}, (_, i) => ({
      identifier: `svc-${i}`,
      title: `Service ${i}`,
      properties: {},
    }));
    emulator = await startTestEmulator(seed);
    await emulator.control('PUT', '/faults', {latencyMs: 40});
    const child = spawn(
      process.execPath,
      ['bin/run.js', 'apply', '-c', CONFIG, '--json', '--auto-approve', '--parallelism', '2'],
      {
        cwd: ROOT,
        env: {...process.env, ...demoEnv(emulator), NO_COLOR: '1'},
      },
    );
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', () => undefined);
    for (let i = 0; i < 200 && (await emulator.writes()).length < 20; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const doc = oneDocument(stdout);
    expect(doc.result.not_started).toBeGreaterThan(0);
    expect(doc.result.created + doc.result.not_started).toBe(300);
    expect(doc.result.interrupted).toBe(true);
    expect(doc.error).toMatchObject({exit_code: 1, message: expect.stringContaining('Apply interrupted')});
  });
  it('a second Ctrl-C quits at once and still prints one document, exit 130', async () => {
    await emulator.control('PUT', '/faults', {latencyMs: 40});
    await emulator.control('POST', '/port/blueprints/service/entities', {
      replace: true,
      entities: Array.from({length: 300}, (_, i) => ({identifier: `svc-${i}`, title: `Service ${i}`, properties: {}})),
    });
    const child = spawn(
      process.execPath,
      ['bin/run.js', 'apply', '-c', CONFIG, '--json', '--auto-approve', '--parallelism', '2'],
      {cwd: ROOT, env: {...process.env, ...demoEnv(emulator), NO_COLOR: '1'}},
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const tick = () => new Promise((r) => setTimeout(r, 25));
    for (let i = 0; i < 200 && (await emulator.writes()).length < 5; i += 1) await tick();
    // Writes from now on hang long enough for the second Ctrl-C to come while they are in flight.
    await emulator.control('PUT', '/faults', {latencyMs: 5000});
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    for (let i = 0; i < 200 && !stderr.includes('Press Ctrl-C again'); i += 1) await tick();
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(oneDocument(stdout).error).toMatchObject({
      exit_code: 130,
      message: expect.stringContaining('Interrupted twice'),
    });
    expect(stderr).toContain('Interrupted twice');
  });
});
