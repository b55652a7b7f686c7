/**
 * The list/get/create/update/delete calls every OpenStack collection shares
 * (`{"network": {...}}` in, `{"network": {...}}` out, `{"networks": [...]}` for lists). Service
 * modules bind one per collection and export each call by its own name.
 */
import type { OpenStackClient, Query, ServiceType } from './client.js';
import { listAll } from './pagination.js';
import { StackshiftError } from '../../errors.js';

export interface CollectionOptions {
  service: ServiceType;
  /** Path of the collection under the service base: '/networks'. */
  path: string;
  singular: string;
  plural: string;
  /** Path for listing with details, when it differs: '/servers/detail'. */
  listPath?: string;
  microversion?: string;
  pageSize?: number;
  /** Update with PUT (default) or PATCH. */
  updateMethod?: 'PUT' | 'PATCH';
  /** The service sends one object bare, not wrapped in {singular: …} (Ironic, Glance). */
  bare?: boolean;
}

export interface Collection<T> {
  list(c: OpenStackClient, query?: Query): Promise<T[]>;
  get(c: OpenStackClient, id: string): Promise<T>;
  create(c: OpenStackClient, body: Record<string, unknown>): Promise<T>;
  update(c: OpenStackClient, id: string, body: Record<string, unknown>): Promise<T>;
  /** Deletes; resolves false when it was already gone (a retried delete converges). */
  remove(c: OpenStackClient, id: string): Promise<boolean>;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StackshiftError && err.data.status === 404;
}

export function collection<T>(o: CollectionOptions): Collection<T> {
  const mv = o.microversion ? { microversion: o.microversion } : {};
  const at = (id: string) => `${o.path}/${encodeURIComponent(id)}`;
  const one = (body: Record<string, T>): T => (o.bare ? (body as unknown as T) : body[o.singular]!);
  return {
    list: (c, query) => listAll<T>(c, { service: o.service, path: o.listPath ?? o.path, ...(query ? { query } : {}), ...mv }, { key: o.plural, ...(o.pageSize ? { pageSize: o.pageSize } : {}) }),
    get: async (c, id) => one((await c.request<Record<string, T>>({ service: o.service, method: 'GET', path: at(id), ...mv })).body),
    create: async (c, body) => (await c.request<Record<string, T>>({ service: o.service, method: 'POST', path: o.path, body: { [o.singular]: body }, ...mv })).body[o.singular]!,
    update: async (c, id, body) =>
      (await c.request<Record<string, T>>({ service: o.service, method: o.updateMethod ?? 'PUT', path: at(id), body: { [o.singular]: body }, ...mv })).body[o.singular]!,
    remove: async (c, id) => {
      try {
        await c.request({ service: o.service, method: 'DELETE', path: at(id), ...mv });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
  };
}
