// Golden files: rendered output compared with test/golden/NAME; UPDATE_GOLDEN=1 rewrites them.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {expect} from 'vitest';

export function expectGolden(name: string, actual: string): void {
  const url = new URL(`../golden/${name}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(url, actual);
  expect(existsSync(url), `${name} is missing: run UPDATE_GOLDEN=1 npm test once and review it`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}
