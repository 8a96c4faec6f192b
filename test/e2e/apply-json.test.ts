// apply --json prints exactly one JSON document on stdout, whatever happens: success, failed
// writes, Ctrl-C, a guard's refusal, an error. Exit codes stay as they are without --json.
import {readFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {demoSeed} from '../helpers/emulator.js';
import {parseDocument, type JsonDocument} from '../helpers/json-output.js';
import {scenario, type Scenario} from '../helpers/scenario.js';

const FAST_RETRIES = 'http:\n  maxRetries: 1\n  backoffBaseMs: 1\n  backoffMaxMs: 5\nsyncs:';
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats.default(ajv);
const validatePlan = ajv.compile(
  JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object,
);

let s: Scenario;

beforeEach(async () => {
  s = await scenario();
});
afterEach(() => s.close());

/** stdout as exactly one JSON document valid against the plan schema (two documents do not parse). */
function oneDocument(stdout: string): JsonDocument {
  const doc = parseDocument(stdout);
  expect(validatePlan(doc), JSON.stringify(validatePlan.errors)).toBe(true);
  return doc;
}

describe('apply --json', () => {
  it('success: one document with the plan and the result, exit 0', async () => {
    const result = await s.run('apply', '--json', '--auto-approve');
    expect(result.code).toBe(0);
    expect(oneDocument(result.stdout).result).toMatchObject({created: 7, failures: []});
  });

  it('failed writes: one document with the result and the error, exit 1', async () => {
    const fast = s.variant('fast.yaml', (yaml) => yaml.replace('syncs:', FAST_RETRIES));
    await s.emulator.failNext({method: 'POST', path: '/v3/catalog_entries', kind: '500', count: 2});
    const result = await s.run('apply', '-c', fast, '--json', '--auto-approve', '--parallelism', '1');
    expect(result.code).toBe(1);
    const doc = oneDocument(result.stdout);
    expect(doc.result).toMatchObject({created: 6, not_started: 0});
    expect(doc.result?.failures).toHaveLength(1);
    expect(doc.error).toMatchObject({
      exit_code: 1,
      message: expect.stringContaining('1 write(s) did not succeed') as string,
    });
    expect(result.stderr).toContain('HTTP 500');
  });

  it("a guard's refusal: one document with the error, exit 3", async () => {
    expect((await s.run('apply', '--auto-approve')).code).toBe(0);
    await s.emulator.control('POST', '/port/blueprints/service/entities', {replace: true, entities: []});
    const result = await s.run('apply', '--json', '--auto-approve');
    expect(result.code).toBe(3);
    expect(oneDocument(result.stdout).error).toMatchObject({
      exit_code: 3,
      message: expect.stringContaining('--allow-empty-source') as string,
    });
  });

  it('an error (bad config, HTTP error): one document with the error, exit 1', async () => {
    const missing = await s.run('apply', '-c', s.file('missing.yaml'), '--json', '--auto-approve');
    expect(missing.code).toBe(1);
    expect(oneDocument(missing.stdout).error).toMatchObject({
      exit_code: 1,
      message: expect.stringContaining('no such file') as string,
    });
    const wrongKey = {env: {INCIDENT_IO_API_KEY: 'wrong-key'}};
    const unauthorized = await s.runWith(wrongKey, 'apply', '--json', '--auto-approve');
    expect(unauthorized.code).toBe(1);
    expect(oneDocument(unauthorized.stdout).error).toMatchObject({
      exit_code: 1,
      message: expect.stringContaining('HTTP 401') as string,
    });
  });
});

describe('--json and flags that do not parse', () => {
  it('prints one document with the error, exit 1, and the message on stderr as well', async () => {
    const cases = [
      {command: 'apply', args: ['--json', '--parallelism', '0'], says: 'greater than or equal to 1'},
      {command: 'apply', args: ['--json', '--bogus'], says: '--bogus'},
      {command: 'plan', args: ['--json', '--rate-limit', 'many'], says: 'many'},
    ];
    for (const {command, args, says} of cases) {
      const result = await s.run(command, ...args);
      expect(result.code, [command, ...args].join(' ')).toBe(1);
      const message = expect.stringContaining(says) as string;
      expect(oneDocument(result.stdout).error).toMatchObject({exit_code: 1, message});
      expect(result.stderr).toContain(says);
    }
    expect(await s.requests()).toEqual([]);
  });
});

describe('apply --json, interrupted', () => {
  it('Ctrl-C: one document with what was and was not done, exit 1', async () => {
    await s.close();
    const seed = demoSeed();
    seed.port.entities.service = Array.from({length: 300}, (_, i) => ({
      identifier: `svc-${i}`,
      title: `Service ${i}`,
      properties: {},
    }));
    s = await scenario({seed});
    await s.emulator.control('PUT', '/faults', {latencyMs: 40});
    const child = s.spawn('apply', '--json', '--auto-approve', '--parallelism', '2');
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', () => undefined);
    for (let i = 0; i < 200 && (await s.writes()).length < 20; i += 1) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const doc = oneDocument(stdout);
    expect(doc.result?.not_started).toBeGreaterThan(0);
    expect(doc.result!.created + doc.result!.not_started).toBe(300);
    expect(doc.result?.interrupted).toBe(true);
    expect(doc.error).toMatchObject({exit_code: 1, message: expect.stringContaining('Apply interrupted') as string});
  });
  it('a second Ctrl-C quits at once and still prints one document, exit 130', async () => {
    await s.emulator.control('PUT', '/faults', {latencyMs: 40});
    await s.emulator.control('POST', '/port/blueprints/service/entities', {
      replace: true,
      entities: Array.from({length: 300}, (_, i) => ({identifier: `svc-${i}`, title: `Service ${i}`, properties: {}})),
    });
    const child = s.spawn('apply', '--json', '--auto-approve', '--parallelism', '2');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const tick = () => new Promise((r) => setTimeout(r, 25));
    for (let i = 0; i < 200 && (await s.writes()).length < 5; i += 1) await tick();
    // Writes from now on hang long enough for the second Ctrl-C to come while they are in flight.
    await s.emulator.control('PUT', '/faults', {latencyMs: 5000});
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    for (let i = 0; i < 200 && !stderr.includes('Press Ctrl-C again'); i += 1) await tick();
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(oneDocument(stdout).error).toMatchObject({
      exit_code: 130,
      message: expect.stringContaining('Interrupted twice') as string,
    });
    expect(stderr).toContain('Interrupted twice');
  });
});
