/**
 * The schemas are user documentation as well as validation: every property says what it is.
 * And the example repository carries the pre-commit hook the README tells operators to copy.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { validators } from '../../src/desired/schemas.js';
import { exampleRepoDir, schemasDir } from '../../src/paths.js';

type Schema = Record<string, unknown>;

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? schemaFiles(join(dir, e.name)) : e.name.endsWith('.schema.json') ? [join(dir, e.name)] : []);
}

/** Paths of properties (in `properties` of any sub-schema) that have no description. */
function undocumented(schema: unknown, path: string): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const missing: string[] = [];
  const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
  for (const [name, sub] of Object.entries(properties)) {
    if (typeof sub.description !== 'string' || sub.description.length < 3) missing.push(`${path}/properties/${name}`);
    missing.push(...undocumented(sub, `${path}/properties/${name}`));
  }
  // Sub-schemas that document data (an `if` only matches, it needs no words).
  for (const key of ['items', 'additionalProperties', 'then']) missing.push(...undocumented(s[key], `${path}/${key}`));
  for (const key of ['allOf', 'anyOf', 'oneOf']) (s[key] as unknown[] | undefined)?.forEach((sub, i) => missing.push(...undocumented(sub, `${path}/${key}/${i}`)));
  for (const [name, sub] of Object.entries((s.$defs as Record<string, Schema> | undefined) ?? {})) missing.push(...undocumented(sub, `${path}/$defs/${name}`));
  return missing;
}

describe('schemas/', () => {
  const files = schemaFiles(schemasDir());

  it('has a description on every property of every schema', () => {
    assert.ok(files.length >= 15, `found ${files.length} schema files`);
    // The check itself finds an undocumented property, however deep.
    assert.deepEqual(undocumented({ properties: { a: { description: 'The a list.', items: { properties: { b: { type: 'string' } } } } } }, 'x'), ['x/properties/a/items/properties/b']);
    const missing = files.flatMap((f) => undocumented(JSON.parse(readFileSync(f, 'utf8')), relative(schemasDir(), f)));
    assert.deepEqual(missing, []);
  });

  it('compiles in strict mode', () => {
    const v = validators();
    assert.equal(v.stackshift({ version: 1, source: { cloud: 'src' }, destination: { cloud: 'dst' } }), true);
    assert.equal(v.snapshot({ os_migrate_version: '1.0.5', resources: [] }), true);
    assert.equal(v.workloads({ version: 1, workloads: [] }), true);
    assert.equal(v.reclaim({ version: 2, nodes: [] }), false);
  });
});

describe('example-repo/package.json', () => {
  it('installs a simple-git-hooks pre-commit hook that runs stackshift validate', () => {
    const pkg = JSON.parse(readFileSync(join(exampleRepoDir(), 'package.json'), 'utf8')) as { 'simple-git-hooks'?: Record<string, string>; devDependencies?: Record<string, string> };
    assert.match(pkg['simple-git-hooks']?.['pre-commit'] ?? '', /\bstackshift validate \.$/);
    assert.ok(pkg.devDependencies?.['simple-git-hooks']);
  });
});
