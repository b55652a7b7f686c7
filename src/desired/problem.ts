/**
 * One thing wrong with a desired-state repository, located precisely enough for an editor to
 * jump to it. The loader collects every problem instead of stopping at the first.
 */
export interface Problem {
  /** Repository-relative path, e.g. `snapshots/subnets.yml`. */
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole and it has no text (e.g. missing). */
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
