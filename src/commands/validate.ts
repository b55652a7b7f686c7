/**
 * `stackshift validate [DIR] [--format text|json]`: checks a desired-state repository on disk
 * and lists every problem. Exit 0 when valid, 1 when not, 2 for a usage error. Meant for
 * operators, CI and the pre-commit hook of a desired-state repository.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problem.js';
import { UsageError } from '../errors.js';
import type { Output } from '../ports.js';
import { dirReader } from '../source/dirReader.js';

const USAGE = `usage: stackshift validate [DIR] [--format text|json]

Checks the desired-state repository in DIR (default: the current directory): YAML syntax,
the schemas in schemas/, and references across files. Prints every problem as
FILE:LINE:COL: message (or a JSON array with --format json).
Exit status: 0 valid, 1 invalid, 2 usage error.`;

export async function run(argv: string[], output: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), 'run `stackshift validate --help`');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (positionals.length > 1) throw new UsageError(`expected at most one directory, got ${positionals.length}`, 'run `stackshift validate --help`');
  const dir = positionals[0] ?? '.';
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${dir} is not a directory`, 'give the path of a desired-state repository');

  const { state, problems } = await loadDesiredState(await dirReader(dir));
  if (format === 'json') {
    output.out(JSON.stringify(problems.map((p) => ({ file: p.file, line: p.line, column: p.column, pointer: p.pointer, message: p.message, ...(p.hint ? { hint: p.hint } : {}) })), null, 2));
  } else if (problems.length > 0) {
    for (const problem of problems) output.out(formatProblem(problem, dir === '.' ? '' : dir));
    output.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}`);
  } else {
    const counts = Object.values(state.resources).reduce((n, list) => n + list.length, 0);
    output.out(`${dir}: valid (${counts} resources, ${state.workloads.workloads.length} selected workloads, ${state.reclaim.nodes.length} reclaim nodes)`);
  }
  return problems.length === 0 ? 0 : 1;
}
