/**
 * The workflow families stackshift runs, in the order plans and status list them. Adding one is
 * a module (see module.ts) and one line here.
 */
import type { AnyWorkflowModule } from './module.js';
import { nodeReclaim } from './node/module.js';
import { volumeMigration } from './volume/module.js';
import { workloadMigration } from './workload/module.js';

export const workflowModules: readonly AnyWorkflowModule[] = [workloadMigration, volumeMigration, nodeReclaim];
