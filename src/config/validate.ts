// Checks the interpolated config against schemas/sync.config.schema.json with ajv, and turns
// every ajv error into a located diagnostic. Reports all errors, never just the first.
import type {ErrorObject} from 'ajv/dist/2020.js';
import type {Document, LineCounter} from 'yaml';
import type {Diagnostic} from '../core/errors.js';
import {schemaValidator} from './json-schema.js';
import {locate, pointerToPath} from './locate.js';

function describe(error: ErrorObject): {message: string; key?: string} {
  const where = error.instancePath === '' ? 'the file' : error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      return {message: `unknown key "${key}" in ${where}`, key};
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const inQuery = error.instancePath.includes('/source/query/');
      const hint = ' (every operator but isEmpty and isNotEmpty compares with one)';
      const why = missing === 'value' && inQuery ? hint : '';
      return {message: `${where} is missing required key "${missing}"${why}`};
    }
    case 'enum':
      return {
        message: `${where} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return {message: `${where} must be ${JSON.stringify(params['allowedValue'])}`};
    case 'oneOf':
      return {message: `${where}: set exactly one of catalogType (an existing type) or type (a declared one)`};
    case 'not':
      if (error.instancePath.includes('/source/query/')) {
        return {message: `${where}: isEmpty and isNotEmpty take no value`};
      }
      return {message: `${where}: set either region or baseUrl, not both`};
    default:
      return {message: `${where} ${error.message ?? 'is invalid'}`};
  }
}

/** Validates `value` (the interpolated document as JS); located diagnostics, in file order. */
export function validateConfig(value: unknown, doc: Document, lineCounter: LineCounter, file: string): Diagnostic[] {
  const validate = schemaValidator<unknown>('sync.config.schema.json');
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  return errors.map((error) => {
    const {message, key} = describe(error);
    const path = pointerToPath(error.instancePath);
    const last = path.at(-1);
    // A missing key is reported at the key of the map that lacks it (`source:`), not inside it.
    if (error.keyword === 'required' && typeof last === 'string')
      return {location: locate(doc, lineCounter, file, path.slice(0, -1), last), message};
    return {location: locate(doc, lineCounter, file, path, key), message};
  });
}
