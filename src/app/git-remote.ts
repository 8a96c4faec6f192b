// The web address of the git repository a directory belongs to, for a declared type's
// sourceRepoUrl: read once by `reconcile init` and written into the config, never at plan time.
import {execFileSync} from 'node:child_process';

/**
 * An https URL for a git remote: scp-style and ssh:// remotes become https on the same host, `.git`
 * and credentials (a CI token in the URL) are dropped. Undefined for a local path or file:// remote.
 */
export function httpsRepoUrl(remote: string): string | undefined {
  const trimmed = remote.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(trimmed);
  let url: URL;
  try {
    url = new URL(scp === null ? trimmed : `ssh://${scp[1]}/${scp[2]}`);
  } catch {
    return undefined;
  }
  if (!['ssh:', 'git:', 'https:', 'http:', 'git+ssh:', 'ssh+git:'].includes(url.protocol) || url.hostname === '')
    return undefined;
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  // An http(s) remote keeps its port (a forge on :3000 serves its pages there); an ssh port is not the web's.
  const host = url.protocol === 'http:' || url.protocol === 'https:' ? url.host : url.hostname;
  return path === '' ? undefined : `${scheme}://${host}${path}`;
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    return undefined; // not a repository, or git is not installed
  }
}

/** The remote `origin` (else the first remote) of the repository holding `dir`, as a URL; undefined without one. */
export function repoUrlOf(dir: string): string | undefined {
  const remotes =
    git(dir, ['remote'])
      ?.split('\n')
      .filter((r) => r !== '') ?? [];
  const name = remotes.includes('origin') ? 'origin' : remotes[0];
  const remote = name === undefined ? undefined : git(dir, ['remote', 'get-url', name]);
  return remote === undefined ? undefined : httpsRepoUrl(remote);
}
