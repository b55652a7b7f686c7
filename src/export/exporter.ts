/**
 * `stackshift export`: observe the source project, build each kind's resources, merge them into
 * the snapshot files already in the repository (hand edits kept and reported), and write only
 * files whose content changed. Never writes a secret of the cloud it reads.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KIND_ORDER, SNAPSHOT_FILES, type ResourceKind } from '../desired/model.js';
import { codes, StackshiftError } from '../errors.js';
import type { OpenStackClient } from '../executors/openstack/client.js';
import { DIGEST_FILE, readDigests, renderDigests, type Digests } from './digest.js';
import { kindExporters } from './kinds/index.js';
import { mergeFile } from './mergeFile.js';
import { foreignOwners, observe } from './observe.js';
import { lookupProjects, makeRef } from './refs.js';
import { readSnapshot, renderSnapshot } from './snapshotYaml.js';
import type { ObservedList } from './types.js';

export interface ExportOptions {
  /** The desired-state repository (files go to <out>/snapshots/), or a snapshots/ directory itself. */
  out: string;
  kinds?: readonly ResourceKind[];
  nameFilter?: RegExp;
  force?: boolean;
  concurrency?: number;
  progress?: (done: number, total: number, what: string) => void;
  /** An admin client of the same cloud: names of projects owning shared resources, servers' hosts. */
  adminClient?: OpenStackClient;
}

export interface FileReport {
  file: string;
  resources: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  keptEdits: string[];
  written: boolean;
}

export interface ExportSummary {
  dir: string;
  files: FileReport[];
  requests: number;
  warnings: string[];
}

export function snapshotDir(out: string): string {
  return basename(out) === 'snapshots' ? out : join(out, 'snapshots');
}

async function writeIfChanged(path: string, text: string): Promise<boolean> {
  const old = await readFile(path, 'utf8').catch(() => undefined);
  if (old === text) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path); // whole file or nothing, even if export is interrupted
  return true;
}

export async function exportSnapshots(client: OpenStackClient, options: ExportOptions): Promise<ExportSummary> {
  const kinds = KIND_ORDER.filter((k) => !options.kinds || options.kinds.includes(k));
  const dir = snapshotDir(options.out);
  const force = options.force ?? false;
  const exporters = kinds.map((k) => kindExporters[k]);
  const needs = new Set<ObservedList>(exporters.flatMap((e) => e.needs));
  const startRequests = client.stats().requests;

  // Read the existing files first: a file we must not overwrite fails the export before any API call.
  await mkdir(dir, { recursive: true });
  const digests: Digests = await readDigests(dir);
  const existing = new Map(await Promise.all(kinds.map(async (k) => [k, await readSnapshot(join(dir, SNAPSHOT_FILES[k]), force)] as const)));

  const observed = await observe(client, needs, options.concurrency ?? 8, options.progress, options.adminClient);
  const foreign = await lookupProjects(options.adminClient ?? client, foreignOwners(observed));
  const unnamed = [...foreign].filter(([, n]) => n.project === null).map(([id]) => id).sort();
  if (unnamed.length > 0) {
    observed.warnings.push(`cannot read the name of project ${unnamed.join(', ')} (owner of shared resources such as the external network); its id is written as project_name; pass --admin-cloud to record names`);
  }
  if (!options.adminClient && observed.servers.length > 0) {
    observed.warnings.push("servers' host and hypervisor_hostname are left empty: Nova shows them only to admins; pass --admin-cloud to record them");
  }
  const ctx = { observed, ref: makeRef(observed.projectId, foreign) };

  const files: FileReport[] = [];
  for (const exporter of exporters) {
    const file = SNAPSHOT_FILES[exporter.kind];
    const inScope = (r: Parameters<typeof exporter.filterName>[0]) => !options.nameFilter || options.nameFilter.test(exporter.filterName(r));
    const fresh = exporter.build(ctx).filter(inScope);
    const merged = mergeFile({ exporter, existing: existing.get(exporter.kind), fresh, digests: digests[file] ?? {}, inScope, force });
    const text = renderSnapshot(merged.resources);
    if (client.containsSecret(text)) {
      throw new StackshiftError(codes.INTERNAL, `export stopped: ${file} would contain a credential of cloud '${client.cloudName}'; nothing was written to it`, {
        hint: 'a resource field holds the password or token of that cloud; remove it at the source, or leave that kind out with --types',
      });
    }
    const written = await writeIfChanged(join(dir, file), text);
    digests[file] = merged.digests;
    files.push({ file, resources: merged.resources.length, added: merged.added, updated: merged.updated, removed: merged.removed, unchanged: merged.unchanged, keptEdits: merged.keptEdits, written });
  }
  await writeIfChanged(join(dir, DIGEST_FILE), renderDigests(digests));
  return { dir, files, requests: client.stats().requests - startRequests, warnings: observed.warnings };
}
