import {describe, expect, it} from 'vitest';
import {httpsRepoUrl} from '../../../src/app/git-remote.js';

describe('httpsRepoUrl', () => {
  it.each([
    ['git@github.com:acme/catalog.git', 'https://github.com/acme/catalog'],
    ['ssh://git@github.com/acme/catalog.git', 'https://github.com/acme/catalog'],
    ['ssh://git@gitlab.example.com:2222/platform/sre/catalog.git', 'https://gitlab.example.com/platform/sre/catalog'],
    ['git://github.com/acme/catalog.git', 'https://github.com/acme/catalog'],
    ['https://github.com/acme/catalog.git', 'https://github.com/acme/catalog'],
    ['https://github.com/acme/catalog/', 'https://github.com/acme/catalog'],
    ['https://x-access-token:ghs_secret@github.com/acme/catalog.git', 'https://github.com/acme/catalog'],
    ['http://git.internal/acme/catalog', 'http://git.internal/acme/catalog'],
  ])('%s -> %s', (remote, url) => {
    expect(httpsRepoUrl(remote)).toBe(url);
  });

  it.each(['/srv/git/catalog.git', 'file:///srv/git/catalog.git', '../catalog', ''])(
    '%s is not a URL anyone can open',
    (remote) => {
      expect(httpsRepoUrl(remote)).toBeUndefined();
    },
  );
});
