// A clone with nothing beside it must work: no tracked file points outside the repository, and every
// relative link in the README resolves to a file in it.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ROOT} from './helpers/cli.js';

const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\0')
  .filter((f) => f !== '' && existsSync(join(ROOT, f)));

describe('the repository stands alone', () => {
  it('no file refers to the workspace beside it', () => {
    const outside = ['..', 'shared'].join('/'); // spelled apart so this file does not match itself
    const offenders = tracked
      .filter((f) => !/\.(png|jpg|gz|tgz)$/.test(f))
      .filter((f) => {
        const text = readFileSync(join(ROOT, f), 'utf8');
        return text.includes(outside) || text.includes(['shared', 'port-guide'].join('/'));
      });
    expect(offenders).toEqual([]);
  });

  it('every relative link in the README resolves inside the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((l) => !/^(https?:|mailto:|#)/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = resolve(ROOT, link.split('#')[0]!);
      expect(relative(ROOT, target).startsWith('..'), `${link} leaves the repository`).toBe(false);
      expect(existsSync(target), `${link} does not exist`).toBe(true);
    }
  });
});

describe('lines a reviewer can read in a diff', () => {
  it('at most 1 line in 200 of src/ and test/ runs past 120 characters (URLs and golden strings)', () => {
    const code = tracked.filter((f) => /^(src|test)\/.*\.ts$/.test(f));
    expect(code.length).toBeGreaterThan(100);
    let lines = 0;
    const long: string[] = [];
    for (const file of code) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          lines += 1;
          if (line.length > 120) long.push(`${file}:${i + 1}`);
        });
    }
    expect(long.length, `${long.length} of ${lines} lines: ${long.slice(0, 20).join(', ')}`).toBeLessThanOrEqual(
      Math.floor(lines / 200),
    );
  });
});
