/**
 * The registry of CLI verbs, one file each under src/commands/ (as isomorphic-git lists its
 * commands), in the order of the workflow: export, init, validate, plan, apply, daemon, then the rest. Each entry is imported lazily so `stackshift validate` never loads the simulator.
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
  export: { summary: 'write the source project as OS-Migrate snapshot files (deterministic; hand edits kept)', load: () => import('./export.js') },
  init: { summary: 'after export, write a stub stackshift.yaml and empty workloads.yaml and reclaim.yaml', load: () => import('./init.js') },
  validate: { summary: 'check a desired-state repository and list every problem', load: () => import('./validate.js') },
  plan: { summary: 'show what applying the desired state would change (exit 2 when something would)', load: () => import('./plan.js') },
  apply: { summary: 'apply the desired state, or a saved plan while it is not stale, step by step', load: () => import('./apply.js') },
  daemon: { summary: 'follow a Git branch and reconcile the clouds to each commit, correcting drift', load: () => import('./daemon.js') },
  status: { summary: 'where the migration stands, from the event log: commits, workloads, nodes, what is blocked', load: () => import('./status.js') },
  reclaim: { summary: 'propose compute nodes to drain so the other hosts hold every server (reclaim suggest)', load: () => import('./reclaim.js') },
  history: { summary: 'every change to one workload, node or resource, with its commit, author and time', load: () => import('./history.js') },
  events: { summary: 'read, follow and verify the event log (tail, show, verify, repair)', load: () => import('./events.js') },
  sim: { summary: 'run a simulated source and destination OpenStack cloud on loopback (writes clouds.yaml)', load: () => import('./sim.js') },
  demo: { summary: 'run the daemon against simulated clouds until they converge (npm start)', load: () => import('./demo.js') },
};
