/**
 * Moving servers between compute hosts (admin): live and cold migration with a named host that
 * the scheduler still validates, confirming a cold migration, evacuation off a dead host, and the
 * instance actions that say why a move did not happen (a 202 is not success: from 2.34 a failed
 * pre-check only shows up there).
 */
import type { OpenStackClient } from './client.js';
import { serverAction } from './nova.js';

/** 2.30: `host` is checked by the scheduler (force false) instead of bypassing it. */
export const liveMigrate = (c: OpenStackClient, id: string, host: string | null) =>
  serverAction(c, id, { 'os-migrateLive': { host, block_migration: 'auto', force: false } }, '2.30');

/** 2.56: cold migration may name its destination host. */
export const coldMigrate = (c: OpenStackClient, id: string, host: string | null) =>
  serverAction(c, id, { migrate: host ? { host } : null }, '2.56');

export const confirmResize = (c: OpenStackClient, id: string) => serverAction(c, id, { confirmResize: null });

/** 2.29: the named host is validated by the scheduler; the server keeps its power state. */
export const evacuate = (c: OpenStackClient, id: string, host: string | null) =>
  serverAction(c, id, { evacuate: host ? { host } : {} }, '2.29');

export interface InstanceAction {
  action: string;
  request_id: string;
  message: string | null;
  start_time: string;
}

/** Newest first, as Nova lists them. */
export async function listInstanceActions(c: OpenStackClient, serverId: string): Promise<InstanceAction[]> {
  return (await c.request<{ instanceActions: InstanceAction[] }>({ service: 'compute', method: 'GET', path: `/servers/${serverId}/os-instance-actions` })).body.instanceActions;
}

/** A live migration in progress, as /servers/{id}/migrations shows it (2.23). */
export interface LiveMigration {
  id: number;
  status: string;
  dest_compute: string | null;
  memory_total_bytes: number | null;
  memory_processed_bytes: number | null;
  memory_remaining_bytes: number | null;
}

export async function liveMigrationsOf(c: OpenStackClient, serverId: string): Promise<LiveMigration[]> {
  return (await c.request<{ migrations: LiveMigration[] }>({ service: 'compute', method: 'GET', path: `/servers/${serverId}/migrations`, microversion: '2.23' })).body.migrations;
}

/**
 * Asks Nova to abort a live migration (202; the compute host cancels the copy afterwards). 2.24
 * aborts a running one; a queued or preparing one needs 2.65.
 */
export async function abortLiveMigration(c: OpenStackClient, serverId: string, migration: LiveMigration): Promise<void> {
  const microversion = migration.status === 'running' ? '2.24' : '2.65';
  await c.request({ service: 'compute', method: 'DELETE', path: `/servers/${serverId}/migrations/${migration.id}`, microversion });
}
