// The npm package's name and version, read from the package.json shipped next to dist/, and the
// User-Agent every request carries so incident.io and Port can tell this tool's traffic apart.
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const PACKAGE_NAME: string = pkg.name;
export const PACKAGE_VERSION: string = pkg.version;
export const USER_AGENT = `${pkg.name}/${pkg.version} node/${process.version}`;
