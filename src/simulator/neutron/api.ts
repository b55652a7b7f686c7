/**
 * Neutron functions other simulated services call directly (Nova boots servers onto ports,
 * moves their bindings on migration and releases them on delete). All take the cloud and act on
 * its state exactly as the HTTP API would, raising the same ApiErrors.
 */
export { createPort, bindPort, deletePort, allocateFixedIps } from './ports.js';
export { createFloatingIp } from './floatingIps.js';
export { ensureDefaultSecurityGroup, createSecurityGroup } from './securityGroups.js';
export { createNetwork } from './networks.js';
export { createSubnet } from './subnets.js';
export { byName } from './seed.js';
export { networks, subnets, ports, routers, securityGroups, securityGroupRules, floatingIps } from './model.js';
export type { Network, Subnet, Port, Router, SecurityGroup, SecurityGroupRule, FloatingIp, FixedIp } from './model.js';
