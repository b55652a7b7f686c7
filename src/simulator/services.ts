/**
 * The registry of simulated services, in seeding order (identity first, then what others refer
 * to: hosts' placement, images, networks; then compute, volumes, bare metal). index.ts mounts
 * every module listed here on both clouds. To add a service: write src/simulator/<name>/index.ts
 * exporting a ServiceModule (see ADDING_A_SERVICE.md) and add ONE line here.
 */
import type { ServiceModule } from './core/service.js';
import { keystone } from './keystone/index.js';
import { placement } from './placement/index.js';
import { glance } from './glance/index.js';
import { neutron } from './neutron/index.js';
import { nova } from './nova/index.js';
import { cinder } from './cinder/index.js';
import { redfish } from './redfish/index.js';
import { ironic } from './ironic/index.js';

export const services: ServiceModule[] = [
  keystone,
  placement,
  glance,
  neutron,
  nova,
  cinder,
  redfish,
  ironic,
];
