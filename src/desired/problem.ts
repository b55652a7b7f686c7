/**
 * One thing wrong with a desired-state repository, located precisely enough for an editor to
 * jump to it. The loader collects every problem instead of stopping at the first.
 */
export interface Problem {
  /** Repository-relative path, e.g. `snapshots/subnets.yml`. */
  file: string;
  /** 1-based; 1 (with column 1) when the problem concerns the file as a whole (missing, too large). */
  line: number;
  /** 1-based. */
  column: number;
  /** JSON pointer into the file's document (`/resources/3/params/cidr`); '' for the whole file. */
  pointer: string;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** Problems sorted by file, then position, for stable output. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column),
  );
}

/** `FILE:LINE:COL: message` and, indented below, the hint (the format of compilers and linters). */
export function formatProblem(problem: Problem, root = ''): string {
  const file = root ? `${root.replace(/\/+$/, '')}/${problem.file}` : problem.file;
  const head = `${file}:${problem.line}:${problem.column}: ${problem.message}`;
  return problem.hint ? `${head}\n  hint: ${problem.hint}` : head;
}
