// The one place that builds ajv validators (draft 2020-12, with formats) from the JSON Schemas
// in schemas/. Each schema is read and compiled once per process.
import {readFileSync} from 'node:fs';
import {Ajv2020, type Options, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: NodeNext types the default import as the module object, and at run
// time that object is the plugin function, which also carries itself as `.default`.
const addFormats = addFormatsModule.default;

const compiled = new Map<string, ValidateFunction>();

/** A validator for `schemas/NAME`, compiled on first use. */
export function schemaValidator<T>(name: string, options: Options): ValidateFunction<T> {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const ajv = new Ajv2020({allErrors: true, ...options});
    addFormats(ajv);
    validate = ajv.compile(
      JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as object,
    );
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<T>;
}
