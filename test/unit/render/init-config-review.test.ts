// Review of init's sync names: two different (repository, blueprint) pairs must never share a name,
// since the name is the catalog type's owner and an equal name takes the other's type over.
import {describe, expect, it} from 'vitest';
import {httpsRepoUrl} from '../../../src/app/git-remote.js';
import {syncNameFor} from '../../../src/render/init-config.js';

describe("init's names for two different repositories and blueprints", () => {
  it.each([
    // A repository name with a dot (GitHub allows them) against a blueprint identifier with one (Port allows them).
    ['git@github.com:acme/catalog.prod.git', 'service', 'git@github.com:acme/catalog.git', 'prod.service'],
    // GitLab groups may start with "_": another group than "acme" on the same host.
    ['git@gitlab.example.com:_acme/catalog.git', 'service', 'git@gitlab.example.com:acme/catalog.git', 'service'],
    // Azure DevOps' older host names the organization in the host: two organizations.
    ['https://contoso.visualstudio.com/platform/_git/catalog', 'service',
      'https://fabrikam.visualstudio.com/platform/_git/catalog', 'service'],
  ])('%s with %s and %s with %s', (remoteA, blueprintA, remoteB, blueprintB) => {
    const a = syncNameFor(blueprintA, httpsRepoUrl(remoteA));
    const b = syncNameFor(blueprintB, httpsRepoUrl(remoteB));
    expect(a).not.toBe(b);
  });
});
