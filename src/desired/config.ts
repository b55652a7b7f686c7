/**
 * stackshift.yaml → StackshiftConfig: schema, then what the schema cannot say (valid cron and
 * time zone, unique pair and window names, two different clouds).
 */
import { cronError, durationMs, isTimeZone } from './cron.js';
import type { ConversionHostPair, MaintenanceWindow, Mappings, StackshiftConfig } from './model.js';
import type { Problem } from './problem.js';
import { schemaProblems } from './schemaProblems.js';
import { validators } from './schemas.js';
import { lineAt, problemAt, type YamlFile } from './yamlFile.js';

/** Where a Linux guest shows attached virtio disks by serial. */
const DEFAULT_DEVICES_DIR = '/dev/disk/by-id';

export interface ConfigResult {
  /** Present when the file passed its schema. */
  config?: StackshiftConfig;
  /** Window and pair names, collected even from an invalid file so references are still checked. */
  windowNames: Set<string>;
  pairNames: Set<string>;
}

type Raw = Record<string, any>;

export function emptyMappings(): Mappings {
  return { networks: {}, volumeTypes: {}, availabilityZones: {}, flavors: {} };
}

export function mappingsOf(raw: Raw | undefined, base: Mappings = emptyMappings()): Mappings {
  return {
    networks: { ...base.networks, ...raw?.networks },
    volumeTypes: { ...base.volumeTypes, ...raw?.volumeTypes },
    availabilityZones: { ...base.availabilityZones, ...raw?.availabilityZones },
    flavors: { ...base.flavors, ...raw?.flavors },
  };
}

function namesOf(list: unknown): Set<string> {
  return new Set(Array.isArray(list) ? list.map((x: Raw) => x?.name).filter((n): n is string => typeof n === 'string') : []);
}

export function readConfig(file: YamlFile | undefined, problems: Problem[]): ConfigResult {
  if (!file) return { windowNames: new Set(), pairNames: new Set() };
  const raw = (file.value ?? {}) as Raw;
  const result: ConfigResult = { windowNames: namesOf(raw.windows), pairNames: namesOf(raw.conversionHosts) };
  const validate = validators().stackshift;
  const before = problems.length;
  if (!validate(file.value)) problems.push(...schemaProblems(file, validate.errors));
  const line = (path: (string | number)[]): number => lineAt(file, path);

  (Array.isArray(raw.windows) ? raw.windows : []).forEach((w: Raw, i: number) => {
    if (typeof w?.schedule === 'string') {
      const error = cronError(w.schedule);
      if (error) problems.push(problemAt(file, ['windows', i, 'schedule'], `window '${w.name}': schedule '${w.schedule}' ${error}`, 'write five fields, e.g. "0 22 * * 1-5" for 22:00 Monday to Friday'));
    }
    if (typeof w?.timeZone === 'string' && !isTimeZone(w.timeZone)) {
      problems.push(problemAt(file, ['windows', i, 'timeZone'], `window '${w.name}': '${w.timeZone}' is not an IANA time zone`, 'use a zone name such as UTC, Europe/Berlin or America/New_York'));
    }
  });
  duplicates(file, raw.windows, 'windows', 'maintenance window', problems);
  duplicates(file, raw.conversionHosts, 'conversionHosts', 'conversion-host pair', problems);
  if (typeof raw.source?.cloud === 'string' && raw.source.cloud === raw.destination?.cloud) {
    problems.push(problemAt(file, ['destination', 'cloud'], `source and destination are both clouds.yaml entry '${raw.source.cloud}'`, 'name the destination cloud\'s entry (e.g. dst)'));
  }
  if (problems.length > before) return result;

  const pairs: ConversionHostPair[] = (raw.conversionHosts ?? []).map((p: Raw, i: number) => ({
    name: p.name,
    source: { port: 22, devicesDir: DEFAULT_DEVICES_DIR, ...p.source },
    destination: { port: 22, devicesDir: DEFAULT_DEVICES_DIR, ...p.destination },
    file: file.path,
    line: line(['conversionHosts', i]),
  }));
  const windows: MaintenanceWindow[] = (raw.windows ?? []).map((w: Raw, i: number) => ({
    ...(w as Omit<MaintenanceWindow, 'durationMs' | 'file' | 'line'>),
    durationMs: durationMs(w.duration),
    file: file.path,
    line: line(['windows', i]),
  }));
  result.config = {
    version: 1,
    source: raw.source,
    destination: raw.destination,
    conversionHosts: pairs,
    mappings: mappingsOf(raw.mappings),
    transfer: { parallelTransfersPerPair: 2, ...raw.transfer },
    windows,
    policy: { prune: false, confirmations: [], ...raw.policy },
  };
  return result;
}

function duplicates(file: YamlFile, list: unknown, key: string, label: string, problems: Problem[]): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<string>();
  list.forEach((item: Raw, i) => {
    if (typeof item?.name !== 'string') return;
    if (seen.has(item.name)) problems.push(problemAt(file, [key, i, 'name'], `duplicate ${label} name '${item.name}'`, 'names must be unique; rename one'));
    seen.add(item.name);
  });
}
