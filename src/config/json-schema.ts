// The one place that builds ajv validators (draft 2020-12, with formats) from the JSON Schemas
// in schemas/. The config's validator is compiled when the package is built (npm run build writes
// dist/config/sync.config.schema.validate.cjs): compiling it at start took 100-200 ms before the
// first request. Any other schema, or a run from the sources (tests), compiles on first use.
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import type * as AjvModule from 'ajv/dist/2020.js';
import type {Ajv2020, Options, ValidateFunction} from 'ajv/dist/2020.js';
import type * as StandaloneModule from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);

/** Options per schema: the same for the validator compiled at build time and one compiled here. */
const OPTIONS: Readonly<Record<string, Options>> = {
  'sync.config.schema.json': {strict: true, strictRequired: false},
  'plan.schema.json': {strict: false},
};

const compiled = new Map<string, ValidateFunction>();

function schemaOf(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as object;
}

function precompiledFile(name: string): URL {
  return new URL(`./${name.replace(/\.json$/, '')}.validate.cjs`, import.meta.url);
}

/** ajv, loaded only when a validator is compiled (most runs use the one compiled at build time). */
function newAjv(options: Options): Ajv2020 {
  const {Ajv2020: Ajv} = require('ajv/dist/2020.js') as typeof AjvModule;
  // ajv-formats is CommonJS: at run time the module is the plugin function.
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  // Unoptimised code: compiled in half the time, and a validator that runs once per process on a
  // small document gains nothing from optimising.
  return addFormats(new Ajv({allErrors: true, code: {optimize: false}, ...options}));
}

/** A validator for `schemas/NAME`: the one compiled at build time if there is one, else compiled on first use. */
export function schemaValidator<T>(name: string): ValidateFunction<T> {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const file = precompiledFile(name);
    validate = existsSync(file)
      ? (require(fileURLToPath(file)) as ValidateFunction)
      : newAjv(OPTIONS[name] ?? {}).compile(schemaOf(name));
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<T>;
}

/**
 * The standalone code of a schema's validator (CommonJS), for the build to write beside this module.
 * Without formats: a schema that takes one to use fails here, at build time (strict mode).
 */
export function standaloneValidator(name: string): {file: URL; code: string} {
  const {Ajv2020: Ajv} = require('ajv/dist/2020.js') as typeof AjvModule;
  const {default: standaloneCode} = require('ajv/dist/standalone/index.js') as typeof StandaloneModule;
  const ajv = new Ajv({allErrors: true, code: {source: true}, ...OPTIONS[name]});
  return {file: precompiledFile(name), code: standaloneCode(ajv, ajv.compile(schemaOf(name)))};
}
