/** The kind exporters, in the order their files are written. */
import type { ResourceKind } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { flavors } from './flavor.js';
import { images } from './image.js';
import { keypairs } from './keypair.js';
import { networks } from './network.js';
import { routers } from './router.js';
import { routerInterfaces } from './routerInterface.js';
import { securityGroupRules } from './securityGroupRule.js';
import { securityGroups } from './securityGroup.js';
import { servers } from './server.js';
import { subnets } from './subnet.js';
import { volumes } from './volume.js';

export const kindExporters: Record<ResourceKind, KindExporter> = {
  network: networks,
  subnet: subnets,
  router: routers,
  router_interface: routerInterfaces,
  security_group: securityGroups,
  security_group_rule: securityGroupRules,
  image: images,
  flavor: flavors,
  keypair: keypairs,
  volume: volumes,
  server: servers,
};
