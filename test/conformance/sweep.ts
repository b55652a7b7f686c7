/**
 * Deletes what tests left in the conformance projects (src, dst: servers, snapshots, volumes,
 * floating IPs, routers, ports, networks, security groups, images, keypairs; as admin: flavors
 * and Ironic nodes), except names starting with `conf-`. Run by hand, much faster than wipe.sh:
 *
 *   node --import tsx test/conformance/sweep.ts
 */
import { conformanceEnv } from './helpers/childSuite.js';
import { guardLeftovers } from './helpers/leftoverGuard.js';

const guard = await guardLeftovers(conformanceEnv(), { startEmpty: true });
for (const line of await guard.sweep('earlier runs')) console.log(line);
