/**
 * loadDesiredState: a repository (directory or Git commit) → the typed desired state, or every
 * problem with it. Stages: list and read files (size, kind, symlinks) → parse YAML keeping
 * positions → validate each file against its schema → check across files → build the model.
 * It never throws for bad content; it throws only when the reader itself fails to list.
 */
import type { RepoReader } from '../source/repoReader.js';
import { checkAddresses } from './addressChecks.js';
import { checkServerDisks } from './serverDisks.js';
import { readConfig } from './config.js';
import { checkMappings, usedNames } from './mappingChecks.js';
import { checkAdoptions } from './adoptChecks.js';
import type { DesiredState, DesiredResource } from './model.js';
import { sortProblems, type Problem } from './problem.js';
import { readReclaim, RECLAIM_DEFAULTS } from './reclaim.js';
import { checkSnapshotReferences } from './references.js';
import { CONFIG_FILE, readRepoFiles, RECLAIM_FILE, SELECTION_FILE } from './repoFiles.js';
import { readSelection } from './selection.js';
import { readSnapshots } from './snapshots.js';

export type { Problem } from './problem.js';

export interface LoadResult {
  /** Usable only when `problems` is empty. */
  state: DesiredState;
  problems: Problem[];
}

export async function loadDesiredState(reader: RepoReader): Promise<LoadResult> {
  const problems: Problem[] = [];
  const { parsed, unreadable } = await readRepoFiles(reader, problems);
  const configFile = parsed.get(CONFIG_FILE);
  const selectionFile = parsed.get(SELECTION_FILE);

  const configResult = readConfig(configFile, problems);
  const snapshots = readSnapshots(parsed, unreadable, problems);
  checkSnapshotReferences(snapshots, configResult.config, problems);
  checkAddresses(snapshots, problems);
  checkServerDisks(snapshots, problems);
  if (configFile) checkAdoptions(configFile, snapshots.names, snapshots.unreadable, problems);

  // Mapping keys are checked only when every snapshot could be read (else "used" is partial).
  const used = usedNames(snapshots.resources);
  if (snapshots.unreadable.size > 0) used.complete = false;
  if (configFile) checkMappings(configFile, ['mappings'], (configFile.value as { mappings?: object } | null)?.mappings, used, problems);
  if (selectionFile) {
    const entries = (selectionFile.value as { workloads?: unknown } | null)?.workloads;
    if (Array.isArray(entries)) entries.forEach((entry: { mappings?: object } | null, i) => checkMappings(selectionFile, ['workloads', i, 'mappings'], entry?.mappings, used, problems));
  }
  const servers = new Map(snapshots.resources.server.map((s): [string, DesiredResource<'server'>] => [s.params.name, s]));
  const workloads = readSelection(selectionFile, {
    servers,
    serverNames: snapshots.unreadable.has('server') ? undefined : snapshots.names.server,
    windowNames: unreadable.has(CONFIG_FILE) ? undefined : configResult.windowNames,
    pairNames: unreadable.has(CONFIG_FILE) ? undefined : configResult.pairNames,
    baseMappings: configResult.config?.mappings ?? { networks: {}, volumeTypes: {}, availabilityZones: {}, flavors: {} },
  }, problems);
  const reclaim = readReclaim(parsed.get(RECLAIM_FILE), problems);

  const state: DesiredState = {
    // When problems exist the state is a best effort and must not be used; keep its shape whole.
    config: configResult.config ?? (undefined as unknown as DesiredState['config']),
    resources: snapshots.resources,
    workloads: workloads ?? { workloads: [] },
    reclaim: reclaim ?? { ...RECLAIM_DEFAULTS, nodes: [] },
  };
  return { state, problems: sortProblems(dedupe(problems)) };
}

/** The same message at the same place (e.g. one key failing two schema branches) is said once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
