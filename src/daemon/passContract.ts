/**
 * The reconcile pass as the daemon loop sees it (see notes/contracts.md). The loop takes the
 * pass as a parameter, so it is tested with a fake and wired to the real `reconcilePass` in
 * reconcileRuntime.ts; only the types come from src/reconcile/pass.ts.
 */
import type { PassOutcome, PassReason } from '../reconcile/pass.js';
import type { RepoReader } from '../source/repoReader.js';

export type { PassOutcome, PassReason };

export interface PassInput {
  commit: string;
  reader: RepoReader;
  reason: PassReason;
}

/** `deps` are passed through untouched except for `signal`, which the loop sets per pass. */
export type PassFunction<D> = (deps: D & { signal?: AbortSignal }, input: PassInput) => Promise<PassOutcome>;
