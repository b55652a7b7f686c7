/**
 * Reads the OS-Migrate snapshot files into resources grouped by kind. A resource that breaks
 * its schema is reported and left out of the model, but its name is still registered so that
 * references to it do not produce a second, misleading "not found" problem.
 */
import { KIND_ORDER, RESOURCE_TYPES, SNAPSHOT_FILES, type DesiredResource, type ResourceKind, type ResourcesByKind } from './model.js';
import type { Problem } from './problem.js';
import { SNAPSHOT_DIR } from './repoFiles.js';
import { schemaProblems } from './schemaProblems.js';
import { validators } from './schemas.js';
import { lineAt, problemAt, type YamlFile } from './yamlFile.js';

const kindByType = new Map<string, ResourceKind>(Object.entries(RESOURCE_TYPES).map(([k, t]) => [t, k as ResourceKind]));

export interface SnapshotResult {
  resources: ResourcesByKind;
  /** Names of every resource of each kind, valid or not. */
  names: Record<ResourceKind, Set<string>>;
  /** Snapshot file of each kind that was read. */
  files: Partial<Record<ResourceKind, YamlFile>>;
  /** Kinds whose file exists but could not be parsed: their names are unknown. */
  unreadable: Set<ResourceKind>;
}

/** Index of each resource in its file's `resources` list, for locating problems. */
export const resourceIndex = new WeakMap<DesiredResource, number>();

export function emptyResources(): ResourcesByKind {
  return Object.fromEntries(KIND_ORDER.map((k) => [k, []])) as unknown as ResourcesByKind;
}

interface RawResource {
  type?: unknown;
  params?: { name?: unknown } & Record<string, unknown>;
  _info?: Record<string, unknown>;
  _migration_params?: Record<string, unknown>;
}

export function readSnapshots(parsed: Map<string, YamlFile>, unreadableFiles: Set<string>, problems: Problem[]): SnapshotResult {
  const resources = emptyResources();
  const names = Object.fromEntries(KIND_ORDER.map((k) => [k, new Set<string>()])) as Record<ResourceKind, Set<string>>;
  const files: Partial<Record<ResourceKind, YamlFile>> = {};
  const validate = validators().snapshot;
  const unreadable = new Set(KIND_ORDER.filter((k) => unreadableFiles.has(`${SNAPSHOT_DIR}/${SNAPSHOT_FILES[k]}`)));
  for (const kind of KIND_ORDER) {
    const file = parsed.get(`${SNAPSHOT_DIR}/${SNAPSHOT_FILES[kind]}`);
    if (!file) continue;
    files[kind] = file;
    const invalid = new Set<number>();
    if (!validate(file.value)) {
      problems.push(...schemaProblems(file, validate.errors).map((p) => nameResource(p, file)));
      for (const error of validate.errors ?? []) {
        const match = /^\/resources\/(\d+)/.exec(error.instancePath);
        if (match) invalid.add(Number(match[1]));
        else if (error.instancePath === '' || error.instancePath === '/resources') invalid.add(-1);
      }
    }
    const list = (file.value as { resources?: unknown } | null)?.resources;
    if (!Array.isArray(list)) continue;
    list.forEach((item: RawResource, index) => {
      const name = item?.params?.name;
      if (typeof item?.type === 'string' && kindByType.get(item.type) !== undefined && typeof name === 'string') {
        names[kindByType.get(item.type)!].add(name);
      }
      // OS-Migrate writes one type per file; a stray one is misplaced, whatever else is wrong with it.
      const itemKind = typeof item?.type === 'string' ? kindByType.get(item.type) : undefined;
      if (itemKind !== undefined && itemKind !== kind) {
        problems.push(problemAt(file, ['resources', index, 'type'], `${SNAPSHOT_FILES[kind]} holds ${RESOURCE_TYPES[kind]} resources, not ${item.type}`,
          `move this resource to snapshots/${SNAPSHOT_FILES[itemKind]}`));
        return;
      }
      if (invalid.has(index) || invalid.has(-1)) return;
      const line = lineAt(file, ['resources', index]);
      const resource: DesiredResource = {
        kind,
        type: RESOURCE_TYPES[kind],
        params: item.params as never,
        info: item._info as DesiredResource['info'],
        file: file.path,
        line,
        ...(item._migration_params ? { migrationParams: item._migration_params } : {}),
      };
      resourceIndex.set(resource, index);
      if (kind === 'server') normaliseServer(resource as DesiredResource<'server'>);
      (resources[kind] as DesiredResource[]).push(resource);
    });
  }
  return { resources, names, files, unreadable };
}

/** `resources[2].params.cidr ...` → `subnet 'db-subnet': params.cidr ...`, when the resource has a name. */
function nameResource(problem: Problem, file: YamlFile): Problem {
  const match = /^resources\[(\d+)\](?:\.|: )?/.exec(problem.message);
  if (!match) return problem;
  const item = ((file.value as { resources: RawResource[] }).resources)[Number(match[1])];
  const kind = typeof item?.type === 'string' ? kindByType.get(item.type) : undefined;
  const name = item?.params?.name;
  if (!kind || typeof name !== 'string') return problem;
  const rest = problem.message.slice(match[0].length);
  return { ...problem, message: `${kind.replace(/_/g, ' ')} '${name}': ${rest.startsWith(' ') ? rest.trimStart() : rest}` };
}

/** Nested OS-Migrate objects carry `_info`; the model calls it `info` everywhere. */
function normaliseServer(server: DesiredResource<'server'>): void {
  const raw = server.params as unknown as Record<string, unknown>;
  const nest = (list: unknown): never =>
    (Array.isArray(list) ? list.map((o: { type: string; params: unknown; _info?: unknown }) => ({ type: o.type, params: o.params, info: o._info ?? {} })) : []) as never;
  server.params = { ...server.params, ports: nest(raw.ports), volumes: nest(raw.volumes), floating_ips: nest(raw.floating_ips) };
}
