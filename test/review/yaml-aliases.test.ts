// Review of issue 8, item 11: aliases in key position, and alias counts.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../src/config/load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'review8a-yaml-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `c${(n += 1)}.yaml`);
  writeFileSync(path, text);
  return path;
}
const ENV = {PORT_CLIENT_ID: 'id', PORT_CLIENT_SECRET: 'secret', INCIDENT_IO_API_KEY: 'key'};
const HEAD = 'version: 1\nsyncs:\n  - name: services\n    source: {blueprint: service}\n    target: {catalogType: T1}\n';

describe('an alias in key position', () => {
  it('under attributes: the attribute is mapped, or the file is refused with file:line:col', () => {
    const loaded = loadConfig(file(`x-k: &k url\n${HEAD}    entry: {externalId: identifier, name: title}\n    attributes:\n      *k : properties.url\n`), ENV);
    const mapped = loaded.config?.syncs[0]?.attributes.map((a) => a.name) ?? [];
    expect(loaded.diagnostics.length > 0 || mapped.includes('url')).toBe(true); // today: silently dropped
  });

  it('under entry: name is mapped, or the file is refused (today: plan fails "Cannot read properties of undefined")', () => {
    const loaded = loadConfig(file(`x-k: &k name\n${HEAD}    entry:\n      externalId: identifier\n      *k : title\n`), ENV);
    expect(loaded.diagnostics.length > 0 || (loaded.config?.syncs[0]?.entryName as unknown) !== undefined).toBe(true);
  });

  it('as the attributes key itself: every attribute is mapped, or the file is refused', () => {
    const loaded = loadConfig(file(`x-k: &k attributes\n${HEAD}    entry: {externalId: identifier, name: title}\n    *k :\n      url: properties.url\n`), ENV);
    const mapped = loaded.config?.syncs[0]?.attributes.map((a) => a.name) ?? [];
    expect(loaded.diagnostics.length > 0 || mapped.includes('url')).toBe(true);
  });
});

describe('alias counts', () => {
  it('101 uses of one anchor load (or fail with file:line:col, not a bare ReferenceError)', () => {
    const syncs = Array.from({length: 101}, (_, i) => `  - name: s${i}\n    source: {blueprint: service}\n    target: {catalogType: T1}\n    entry: *entry\n`).join('');
    let loaded: ReturnType<typeof loadConfig> | undefined;
    let thrown: unknown;
    try {
      loaded = loadConfig(file(`version: 1\nx-entry: &entry {externalId: identifier, name: title}\nsyncs:\n${syncs}`), ENV);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    expect(loaded?.config?.syncs.length ?? loaded?.diagnostics[0]?.location.line).toBeDefined();
  });
});
