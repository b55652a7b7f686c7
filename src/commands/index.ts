/**
 * The registry of CLI verbs, one file each under src/commands/ (as isomorphic-git lists its
 * commands). Each entry is imported lazily so `stackshift validate` never loads the simulator.
 */
import type { Output } from '../ports.js';

export interface Command {
  /** Runs the verb with the arguments after it; resolves to the process exit code. */
  run(argv: string[], output: Output): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  validate: { summary: 'check a desired-state repository and list every problem', load: () => import('./validate.js') },
};
