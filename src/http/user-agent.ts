// The User-Agent every request carries: the npm package's name and version, so incident.io and
// Port can tell this tool's traffic apart. Reads the package.json shipped next to dist/.
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {name: string; version: string};

export const USER_AGENT = `${pkg.name}/${pkg.version} node/${process.version}`;
