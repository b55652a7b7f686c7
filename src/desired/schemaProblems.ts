/**
 * Turns ajv's errors into problems an operator can act on: the position of the offending key
 * or value, a sentence instead of ajv's terse wording, and a hint (from the schema's `hint`
 * annotation, or "did you mean" for a misspelt key).
 */
import type { ErrorObject } from 'ajv';
import type { Problem } from './problem.js';
import { fromPointer, problemAt, type Segment, type YamlFile } from './yamlFile.js';

/** More than this many schema problems in one file are summarised. */
export const MAX_PROBLEMS_PER_FILE = 200;

export function schemaProblems(file: YamlFile, errors: ErrorObject[] | null | undefined): Problem[] {
  const out: Problem[] = [];
  for (const error of errors ?? []) {
    // `if` only says "then failed"; the errors of the `then` branch are reported themselves.
    if (error.keyword === 'if') continue;
    out.push(toProblem(file, error));
  }
  if (out.length > MAX_PROBLEMS_PER_FILE) {
    const shown = out.slice(0, MAX_PROBLEMS_PER_FILE);
    const last = shown[shown.length - 1]!;
    shown.push({ ...last, message: `${out.length - MAX_PROBLEMS_PER_FILE} more problems in this file not shown`, hint: 'fix the problems above and validate again' });
    return shown;
  }
  return out;
}

function toProblem(file: YamlFile, error: ErrorObject): Problem {
  const path: Segment[] = fromPointer(error.instancePath);
  const where = describe(path);
  const schemaHint = (error.parentSchema as { hint?: string } | undefined)?.hint;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const key = String(params.missingProperty);
      const p = problemAt(file, path, `${where ? `${where}: ` : ''}missing required key '${key}'`, schemaHint ?? `add '${key}'`);
      return { ...p, pointer: `${p.pointer}/${key}` };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return problemAt(file, [...path, key], `${where ? `${where}: ` : ''}unknown key '${key}'`, unknownKeyHint(key, allowed), { key: true });
    }
    case 'type':
      return problemAt(file, path, `${where || 'the document'} must be ${article(String(params.type))} (found ${kindOf(error.data, path)})`, schemaHint);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return problemAt(file, path, `${where} is ${shown(error.data, path)}; it must be one of ${allowed}`, schemaHint);
    }
    case 'const':
      return problemAt(file, path, `${where} is ${shown(error.data, path)}; it must be ${JSON.stringify(params.allowedValue)}`, schemaHint);
    case 'pattern':
      return problemAt(file, path, `${where} ${shown(error.data, path)} is not in the expected format`, schemaHint ?? `it must match ${String(params.pattern)}`);
    default:
      return problemAt(file, path, `${where || 'the document'} ${error.message ?? 'is invalid'}`, schemaHint);
  }
}

/** `resources[3].params.cidr` */
export function describe(path: readonly Segment[]): string {
  return path.map((s, i) => (/^\d+$/.test(String(s)) ? `[${s}]` : `${i === 0 ? '' : '.'}${s}`)).join('');
}

function article(types: string): string {
  return types.split(',').map((t) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function kindOf(value: unknown, path: readonly Segment[]): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${shown(value, path)}`;
}

/** Keys whose values may be secrets an operator pasted by mistake (a password, a private key). */
const SENSITIVE_KEY = /pass|secret|token|credential|private|public_key|hostkey/i;
const SECRET_LOOKING = /PRIVATE KEY|^[A-Za-z0-9+/=_-]{40,}$/;

/** The value quoted for a message, unless it could be a secret (never echo those). */
export function shown(value: unknown, path: readonly Segment[]): string {
  const key = String(path[path.length - 1] ?? '');
  if (typeof value === 'string' && (SENSITIVE_KEY.test(key) || SECRET_LOOKING.test(value))) return '(value not shown)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}

function unknownKeyHint(key: string, allowed: string[]): string {
  const close = allowed.filter((a) => distance(a.toLowerCase(), key.toLowerCase()) <= Math.max(1, Math.floor(a.length / 4)));
  if (close.length > 0) return `did you mean '${close[0]}'?`;
  if (allowed.length === 0) return 'remove it';
  return allowed.length <= 12 ? `allowed keys: ${allowed.join(', ')}` : 'remove it, or see the schema in schemas/ for the allowed keys';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = temp;
    }
  }
  return row[b.length]!;
}
