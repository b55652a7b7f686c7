/**
 * The real runtime of a daemon: the file event log in the state dir, OpenStack clients for the
 * clouds each commit names, and the reconcile pass of src/reconcile/pass.ts. The only place the
 * daemon meets the pass; the loop and runDaemon are tested with fakes instead.
 */
import { openFileEventStore, type FileEventStore } from '../events/fileStore.js';
import type { Clock, Output } from '../ports.js';
import { reconcilePass, type ReconcileDeps } from '../reconcile/pass.js';
import { cloudClientCache } from './cloudClients.js';
import type { DaemonRuntime } from './runDaemon.js';

export interface ReconcileRuntime extends DaemonRuntime<ReconcileDeps> {
  store: FileEventStore;
  close(): Promise<void>;
}

export async function reconcileRuntime(options: {
  stateDir: string;
  clock: Clock;
  output: Output;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  concurrency?: number;
}): Promise<ReconcileRuntime> {
  const store = await openFileEventStore(options.stateDir, { clock: options.clock });
  const clients = cloudClientCache({ clock: options.clock, ...(options.env ? { env: options.env } : {}) });
  return {
    clock: options.clock,
    log: options.log,
    ...(options.env ? { env: options.env } : {}),
    store,
    pass: reconcilePass,
    makeDeps: async ({ source, commit }) => ({
      store,
      ...(await clients.forCommit(source.reader(commit))),
      clock: options.clock,
      output: options.output,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    }),
    async close() {
      await clients.close();
      await store.close();
    },
  };
}
