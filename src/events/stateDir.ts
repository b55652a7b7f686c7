/**
 * Where stackshift keeps its state: `--state DIR`, else STACKSHIFT_STATE, else ./.stackshift.
 * Inside it the event log lives in `events/` and projection checkpoints in `status/`.
 */
import { join, resolve } from 'node:path';

export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.STACKSHIFT_STATE;
  return resolve(chosen && chosen.length > 0 ? chosen : '.stackshift');
}

/** The directory of segment files inside a state directory. */
export function eventLogDir(stateDir: string): string {
  return join(stateDir, 'events');
}
