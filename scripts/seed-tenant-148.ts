/**
 * Seeds issue 15's tenant (scripts/tenant148.ts) into a cloud's project, idempotently, or removes
 * it with --remove (see scripts/tenant148Seed.ts).
 *
 *   OS_CLIENT_CONFIG_FILE=/tmp/openstack-harness/clouds.yaml \
 *     node --import tsx scripts/seed-tenant-148.ts [--cloud src] [--admin-cloud admin] [--quota-for dst] [--remove]
 *
 * --quota-for also raises the Neutron quotas of that cloud's project (the destination an apply
 * of this tenant goes to) to what the tenant needs.
 */
import { parseArgs } from 'node:util';
import { openCloud } from '../src/wiring.js';
import { raiseQuotas, removeTenant148, seedTenant148 } from './tenant148Seed.js';

const { values } = parseArgs({ options: {
  cloud: { type: 'string', default: 'src' }, 'admin-cloud': { type: 'string', default: 'admin' },
  'quota-for': { type: 'string', multiple: true, default: [] }, remove: { type: 'boolean', default: false },
} });
const member = await openCloud(values.cloud);
const admin = await openCloud(values['admin-cloud']);
try {
  if (values.remove) {
    await removeTenant148(member);
    console.log(`removed the cmp- tenant from ${values.cloud}`);
  } else {
    for (const name of values['quota-for']) {
      const other = await openCloud(name);
      await raiseQuotas(admin, await other.projectId()).finally(() => other.close());
    }
    await seedTenant148(member, admin, (line) => console.log(line));
  }
} finally {
  await Promise.all([member.close(), admin.close()]);
}
