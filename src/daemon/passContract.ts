/**
 * The reconcile pass as the daemon loop sees it, mirroring src/reconcile/pass.ts (see
 * notes/contracts.md). The loop takes the pass as a parameter, so it is tested with a fake and
 * wired to the real `reconcilePass` in src/commands/daemon.ts.
 */
import type { RepoReader } from '../source/repoReader.js';

export type PassReason = 'commit' | 'drift' | 'resume';

export interface PassOutcome {
  result: 'applied' | 'unchanged' | 'rejected' | 'failed' | 'stopped';
  commit: string;
  changes: number;
  failedSteps: number;
  problems?: unknown[];
}

export interface PassInput {
  commit: string;
  reader: RepoReader;
  reason: PassReason;
}

/** `deps` are passed through untouched except for `signal`, which the loop sets per pass. */
export type PassFunction<D> = (deps: D & { signal?: AbortSignal }, input: PassInput) => Promise<PassOutcome>;
