/**
 * workloads.yaml → WorkloadSelection: which exported servers migrate, with defaults applied,
 * and every name it uses checked against snapshots/workloads.yml and stackshift.yaml.
 */
import { mappingsOf } from './config.js';
import { durationMs } from './cron.js';
import type { DesiredResource, Mappings, SelectedWorkload, WarmSettings, WorkloadDefaults, WorkloadSelection } from './model.js';
import type { Problem } from './problem.js';
import { schemaProblems } from './schemaProblems.js';
import { validators } from './schemas.js';
import { lineAt, problemAt, type YamlFile } from './yamlFile.js';

type Raw = Record<string, any>;

export interface SelectionContext {
  servers: Map<string, DesiredResource<'server'>>;
  /** Names of servers in snapshots/workloads.yml, including ones that failed their schema. */
  /** undefined when the file could not be read: those checks are skipped. */
  serverNames: Set<string> | undefined;
  windowNames: Set<string> | undefined;
  pairNames: Set<string> | undefined;
  baseMappings: Mappings;
}

export function readSelection(file: YamlFile | undefined, ctx: SelectionContext, problems: Problem[]): WorkloadSelection | undefined {
  if (!file) return { workloads: [] };
  const validate = validators().workloads;
  const before = problems.length;
  if (!validate(file.value)) problems.push(...schemaProblems(file, validate.errors));
  const raw = (file.value ?? {}) as Raw;
  const defaults = (raw.defaults ?? {}) as Raw;
  const check = (entry: Raw, path: (string | number)[]): void => {
    if (typeof entry.window === 'string' && ctx.windowNames && !ctx.windowNames.has(entry.window)) {
      problems.push(problemAt(file, [...path, 'window'], `maintenance window '${entry.window}' is not defined in stackshift.yaml`, known('windows', ctx.windowNames)));
    }
    if (typeof entry.conversionHostPair === 'string' && ctx.pairNames && !ctx.pairNames.has(entry.conversionHostPair)) {
      problems.push(problemAt(file, [...path, 'conversionHostPair'], `conversion-host pair '${entry.conversionHostPair}' is not defined in stackshift.yaml`, known('conversionHosts', ctx.pairNames)));
    }
  };
  check(defaults, ['defaults']);
  const list: Raw[] = Array.isArray(raw.workloads) ? raw.workloads : [];
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    if (typeof entry?.server !== 'string') return;
    check(entry, ['workloads', i]);
    if (ctx.serverNames && !ctx.serverNames.has(entry.server)) {
      problems.push(problemAt(file, ['workloads', i, 'server'], `server '${entry.server}' is not in snapshots/workloads.yml`, 'select a server exported to snapshots/workloads.yml, or export it first'));
    }
    if (seen.has(entry.server)) {
      problems.push(problemAt(file, ['workloads', i, 'server'], `server '${entry.server}' is selected twice (also entry ${seen.get(entry.server)! + 1})`, 'keep one entry per server'));
    }
    seen.set(entry.server, i);
    const merged = { ...defaults, ...entry };
    if (merged.mode === 'warm' && (merged.dataCopy === false || merged.copyVia === 'image' || ctx.pairNames?.size === 0)) {
      const why = merged.dataCopy === false ? 'dataCopy is false' : merged.copyVia === 'image' ? 'copyVia is image' : 'stackshift.yaml defines no conversionHosts pair';
      problems.push(problemAt(file, ['workloads', i], `workload ${entry.server} is warm, but ${why}: a warm migration copies its disks through conversion hosts, pass after pass`, 'use mode: cold, or copy through a conversion-host pair'));
    }
    if (merged.copyVia === 'conversion-hosts' && merged.dataCopy !== false && ctx.pairNames?.size === 0) {
      problems.push(problemAt(file, ['workloads', i], `workload ${entry.server} copies through conversion hosts, but stackshift.yaml defines no conversionHosts pair`, 'add a conversion-host pair to stackshift.yaml, or use copyVia: image'));
    }
  });
  if (problems.length > before) return undefined;

  const workloads: SelectedWorkload[] = list.map((entry, i) => {
    const merged = { ...defaults, ...entry };
    const server = ctx.servers.get(entry.server);
    const bootFromVolume = server !== undefined && !server.params.image_ref;
    const w: SelectedWorkload = {
      server: entry.server,
      wave: entry.wave,
      mode: merged.mode ?? 'cold',
      stopSource: merged.stopSource ?? false,
      bootDiskCopy: bootFromVolume || (merged.bootDiskCopy ?? false),
      // OS-Migrate's own switch counts when workloads.yaml says nothing.
      dataCopy: merged.dataCopy ?? (server?.migrationParams?.data_copy === false ? false : true),
      copyVia: merged.copyVia ?? (ctx.pairNames?.size ? 'conversion-hosts' : 'image'),
      mappings: mappingsOf(entry.mappings, mappingsOf(defaults.mappings, ctx.baseMappings)),
      file: file.path,
      line: lineAt(file, ['workloads', i]),
    };
    if (w.mode === 'warm') w.warm = warmSettings({ ...defaults.warm, ...entry.warm });
    if (merged.window !== undefined) w.window = merged.window;
    if (merged.conversionHostPair !== undefined) w.conversionHostPair = merged.conversionHostPair;
    return w;
  });
  const kept: WorkloadDefaults = { mappings: mappingsOf(defaults.mappings, ctx.baseMappings) };
  if (defaults.copyVia !== undefined) kept.copyVia = defaults.copyVia;
  if (defaults.conversionHostPair !== undefined) kept.conversionHostPair = defaults.conversionHostPair;
  return { workloads, defaults: kept };
}

function warmSettings(raw: Raw): WarmSettings {
  return {
    ...(typeof raw.refreshEvery === 'string' ? { refreshEveryMs: durationMs(raw.refreshEvery) } : {}),
    ...(typeof raw.maxRefreshes === 'number' ? { maxRefreshes: raw.maxRefreshes } : {}),
  };
}

function known(key: string, names: Set<string>): string {
  return names.size === 0 ? `stackshift.yaml defines no ${key}; add one or remove this setting` : `defined ${key}: ${[...names].join(', ')}`;
}
