/**
 * Argument parsing shared by every verb: node:util's parseArgs, strict, with its errors turned
 * into usage errors that name the verb's help (exit 2; `plan` exits 1, its 2 means "changes").
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { codes, StackshiftError } from '../errors.js';

export function parseVerbArgs<T extends ParseArgsConfig['options']>(verb: string, argv: string[], options: T, settings: { exitCode?: number; positionals?: boolean } = {}) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: settings.positionals ?? false });
  } catch (err) {
    throw verbUsageError(verb, (err as Error).message, undefined, settings.exitCode);
  }
}

export function verbUsageError(verb: string, message: string, hint?: string, exitCode = 2): StackshiftError {
  return new StackshiftError(codes.USAGE, message, { exitCode, hint: hint ?? `run \`stackshift ${verb} --help\`` });
}
