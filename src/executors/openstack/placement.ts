/**
 * Placement: resource providers, their inventories and usages (capacity checks before a move).
 */
import type { OpenStackClient, Query } from './client.js';

export interface ResourceProvider {
  uuid: string;
  name: string;
  generation: number;
  parent_provider_uuid?: string | null;
  root_provider_uuid?: string;
}
export interface Inventory {
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
}

export async function listResourceProviders(c: OpenStackClient, query: Query = {}): Promise<ResourceProvider[]> {
  return (await c.request<{ resource_providers: ResourceProvider[] }>({ service: 'placement', method: 'GET', path: '/resource_providers', query, microversion: '1.14' })).body.resource_providers;
}
export async function getProviderInventories(c: OpenStackClient, uuid: string): Promise<Record<string, Inventory>> {
  return (await c.request<{ inventories: Record<string, Inventory> }>({ service: 'placement', method: 'GET', path: `/resource_providers/${uuid}/inventories` })).body.inventories;
}
export async function getProviderUsages(c: OpenStackClient, uuid: string): Promise<Record<string, number>> {
  return (await c.request<{ usages: Record<string, number> }>({ service: 'placement', method: 'GET', path: `/resource_providers/${uuid}/usages` })).body.usages;
}
/** What each consumer (a server, or a migration while one runs) holds on this provider. */
export async function getProviderAllocations(c: OpenStackClient, uuid: string): Promise<Record<string, { resources: Record<string, number> }>> {
  return (await c.request<{ allocations: Record<string, { resources: Record<string, number> }> }>({ service: 'placement', method: 'GET', path: `/resource_providers/${uuid}/allocations` })).body.allocations;
}
