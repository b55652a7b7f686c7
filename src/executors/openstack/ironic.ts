/**
 * Ironic (baremetal v1): nodes (enrol, patch, provision and power states) and ports.
 */
import type { OpenStackClient, Query } from './client.js';
import { collection } from './collection.js';
import type { JsonPatch } from './glance.js';

/** 1.58 covers everything stackshift uses (inspect, provision verbs, owner). */
export const IRONIC_MICROVERSION = '1.58';

export interface Node {
  uuid: string;
  name: string | null;
  driver: string;
  driver_info: Record<string, unknown>;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  target_power_state: string | null;
  maintenance: boolean;
  last_error: string | null;
  resource_class: string | null;
  properties: Record<string, unknown>;
  instance_uuid: string | null;
  [field: string]: unknown;
}
export interface BaremetalPort {
  uuid: string;
  address: string;
  node_uuid: string;
  pxe_enabled?: boolean;
}
export type ProvisionTarget = 'manage' | 'provide' | 'inspect' | 'active' | 'deleted' | 'clean' | 'abort' | 'rebuild';
export type PowerTarget = 'power on' | 'power off' | 'rebooting' | 'soft power off';

const nodes = collection<Node>({ service: 'baremetal', path: '/nodes', listPath: '/nodes/detail', singular: 'node', plural: 'nodes', microversion: IRONIC_MICROVERSION, pageSize: 500, bare: true });

export const listNodes = (c: OpenStackClient, query: Query = {}) => nodes.list(c, query);
export const getNode = nodes.get;
export const deleteNode = nodes.remove;
/** Ironic takes the node object itself, not wrapped in {node}. */
export async function createNode(c: OpenStackClient, body: Record<string, unknown>): Promise<Node> {
  return (await c.request<Node>({ service: 'baremetal', method: 'POST', path: '/nodes', body, microversion: IRONIC_MICROVERSION })).body;
}
export async function patchNode(c: OpenStackClient, id: string, patch: JsonPatch): Promise<Node> {
  return (await c.request<Node>({ service: 'baremetal', method: 'PATCH', path: `/nodes/${id}`, body: patch, microversion: IRONIC_MICROVERSION })).body;
}
/** Asks for a provision state change; Ironic answers 202 and moves asynchronously (poll with waitFor). */
export async function setProvisionState(c: OpenStackClient, id: string, target: ProvisionTarget, extra: Record<string, unknown> = {}): Promise<void> {
  await c.request({ service: 'baremetal', method: 'PUT', path: `/nodes/${id}/states/provision`, body: { target, ...extra }, microversion: IRONIC_MICROVERSION });
}
export async function setPowerState(c: OpenStackClient, id: string, target: PowerTarget): Promise<void> {
  await c.request({ service: 'baremetal', method: 'PUT', path: `/nodes/${id}/states/power`, body: { target }, microversion: IRONIC_MICROVERSION });
}
export async function listBaremetalPorts(c: OpenStackClient, query: Query = {}): Promise<BaremetalPort[]> {
  return (await c.request<{ ports: BaremetalPort[] }>({ service: 'baremetal', method: 'GET', path: '/ports/detail', query, microversion: IRONIC_MICROVERSION })).body.ports;
}
/** Ironic takes the port object itself, not wrapped. */
export async function createBaremetalPort(c: OpenStackClient, body: { node_uuid: string; address: string; pxe_enabled?: boolean }): Promise<BaremetalPort> {
  return (await c.request<BaremetalPort>({ service: 'baremetal', method: 'POST', path: '/ports', body, microversion: IRONIC_MICROVERSION })).body;
}
