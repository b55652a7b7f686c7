/**
 * The JSON Schemas in schemas/, compiled once per process. They are the operator-facing
 * documentation of the file formats as well as the first validation pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { schemasDir } from '../paths.js';

export const SCHEMA_BASE = 'https://stackshift.dev/schemas/';

export interface Validators {
  stackshift: ValidateFunction;
  workloads: ValidateFunction;
  reclaim: ValidateFunction;
  snapshot: ValidateFunction;
}

let compiled: Validators | undefined;

function readSchemas(dir: string): object[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readSchemas(path);
    return entry.name.endsWith('.schema.json') ? [JSON.parse(readFileSync(path, 'utf8')) as object] : [];
  });
}

export function validators(): Validators {
  if (compiled) return compiled;
  // verbose: errors carry parentSchema, from which messages take `hint` and the allowed keys.
  // optimize: false halves compile time; validation is not where the time goes.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: false } });
  // ajv-formats ships as CJS; under NodeNext its default export is the module object.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  addFormats(ajv);
  // `hint` is an annotation: what to do when the value next to it is rejected.
  ajv.addKeyword({ keyword: 'hint', schemaType: 'string' });
  for (const schema of readSchemas(schemasDir())) ajv.addSchema(schema);
  const get = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(SCHEMA_BASE + name);
    if (!validate) throw new Error(`schema ${name} missing from ${schemasDir()}`);
    return validate;
  };
  compiled = {
    stackshift: get('stackshift.schema.json'),
    workloads: get('workloads.schema.json'),
    reclaim: get('reclaim.schema.json'),
    snapshot: get('snapshot.schema.json'),
  };
  return compiled;
}
