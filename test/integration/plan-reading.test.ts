// How a full plan reads its two sides: Port and the catalog at once, each entry compared as soon as
// both sides of it are known; when their orders differ, the catalog waits for Port instead of
// piling up, and a failure on one side stops the other.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {demoEnv, startTestEmulator, type EmulatorHandle, type LoggedRequest} from '../helpers/emulator.js';
import {planInProcess} from '../helpers/plan-in-process.js';
import {syncedSeed} from '../helpers/seeds.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/sync.config.yaml', import.meta.url));
const N = 10_000; // 10 Port pages, 41 catalog pages (the hand-made entry too)
let emulator: EmulatorHandle | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reconcile-plan-reading-'));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, {recursive: true, force: true});
});

function plan(config = EXAMPLE): Promise<string> {
  return planInProcess(config, demoEnv(emulator!));
}

const isPortPage = (r: LoggedRequest): boolean => r.api === 'port' && r.path.endsWith('/entities/search');
const isCatalogPage = (r: LoggedRequest): boolean => r.api === 'incident' && r.path === '/v3/catalog_entries';

describe('reading both sides of a full plan', () => {
  it('reads the catalog while Port is read, not after it', async () => {
    emulator = await startTestEmulator(syncedSeed(N));
    expect(await plan()).toContain('No changes.');
    const log = (await emulator.requests()).filter((r) => isPortPage(r) || isCatalogPage(r));
    const lastPortPage = log.map(isPortPage).lastIndexOf(true);
    expect(log.filter(isPortPage)).toHaveLength(10);
    expect(log.filter(isCatalogPage)).toHaveLength(41);
    // Requests are logged in the order they were answered: most catalog pages came before Port's last.
    expect(log.slice(0, lastPortPage).filter(isCatalogPage).length).toBeGreaterThan(10);
  });

  it('plans the same when the catalog lists entries in the opposite order of Port (the catalog waits)', async () => {
    const seed = syncedSeed(N);
    seed.port.entities.service.reverse(); // the catalog's first entries are Port's last entities
    emulator = await startTestEmulator(seed);
    const text = await plan();
    expect(text).toContain('No changes.');
    expect(text).toContain(`(${N} unchanged, 1 without external ID left alone)`);
  });

  it("stops reading Port when a catalog page fails, and reports the catalog's error", async () => {
    emulator = await startTestEmulator(syncedSeed(N));
    const config = join(dir, 'sync.config.yaml');
    writeFileSync(config, `${readFileSync(EXAMPLE, 'utf8')}http:\n  maxRetries: 0\n`);
    await emulator.failNext({method: 'GET', path: '/v3/catalog_entries', kind: '500'});
    await expect(plan(config)).rejects.toThrow(/incident\.io.*GET \/v3\/catalog_entries.*500/s);
    expect((await emulator.requests()).filter(isPortPage).length).toBeLessThan(10);
  });
});
