/**
 * Resolves one cloud the way openstacksdk users already describe it: clouds.yaml (first found of
 * OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)
 * merged with secure.yaml from the same places, OS_CLOUD, or the OS_* variables alone.
 * Every misconfiguration is one StackshiftError that names the file and says what to fix.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { codes, StackshiftError } from '../../errors.js';
import { cloudFromEnv } from './cloudEnv.js';
import { normaliseEntry } from './cloudEntry.js';
import type { CloudConfig } from './types.js';

export type { CloudConfig } from './types.js';

export interface CloudConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the system-wide files live (tests point this at a temp dir). */
  systemDir?: string;
}

type Yaml = Record<string, unknown>;

function candidates(file: 'clouds' | 'secure', env: NodeJS.ProcessEnv, cwd: string, systemDir: string): string[] {
  const explicit = file === 'clouds' ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  const home = env.HOME ?? homedir();
  return [
    ...(explicit ? [isAbsolute(explicit) ? explicit : resolve(cwd, explicit)] : []),
    join(cwd, `${file}.yaml`),
    join(home, '.config', 'openstack', `${file}.yaml`),
    join(systemDir, `${file}.yaml`),
  ];
}

async function readFirst(paths: string[]): Promise<{ path: string; data: Yaml } | undefined> {
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new StackshiftError(codes.CLOUD_CONFIG, `cannot read ${path}: ${(err as Error).message}`, {
        hint: 'fix the file permissions or point OS_CLIENT_CONFIG_FILE at a readable file',
      });
    }
    return { path, data: parseYaml(path, text) };
  }
  return undefined;
}

function parseYaml(path: string, text: string): Yaml {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
    const what = (err as Error).message.split('\n')[0];
    throw new StackshiftError(codes.CLOUD_CONFIG, `${path}${line ? `:${line}` : ''}: not valid YAML: ${what}`, {
      hint: 'fix the YAML syntax at that line',
    });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new StackshiftError(codes.CLOUD_CONFIG, `${path}: expected a mapping with a top-level 'clouds:' key`, {
      hint: 'start the file with `clouds:` and one entry per cloud under it',
    });
  }
  return data as Yaml;
}

function cloudsOf(path: string, data: Yaml): Record<string, Yaml> {
  const clouds = data.clouds ?? {};
  if (typeof clouds !== 'object' || clouds === null || Array.isArray(clouds)) {
    throw new StackshiftError(codes.CLOUD_CONFIG, `${path}: 'clouds' must be a mapping of cloud names to entries`, {
      hint: 'write `clouds:` followed by indented entries such as `mycloud: {auth: {...}}`',
    });
  }
  return clouds as Record<string, Yaml>;
}

/** Deep merge: secure.yaml values win, as openstacksdk does. */
function merge(base: Yaml, over: Yaml): Yaml {
  const out: Yaml = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMap(b) && isMap(v) ? merge(b, v) : v;
  }
  return out;
}

function isMap(v: unknown): v is Yaml {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The configuration of cloud `name` (or OS_CLOUD); with neither, the OS_* variables.
 * Reads the certificate files it names, so the result is ready for an undici Agent.
 */
export async function loadCloudConfig(name: string | undefined, options: CloudConfigOptions = {}): Promise<CloudConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const systemDir = options.systemDir ?? '/etc/openstack';
  const wanted = name ?? (env.OS_CLOUD || undefined);
  if (wanted === undefined || wanted === 'envvars') {
    if (env.OS_AUTH_URL || wanted === 'envvars') return cloudFromEnv(env, cwd);
    throw new StackshiftError(codes.CLOUD_CONFIG, 'no cloud named: pass --cloud NAME, set OS_CLOUD, or set OS_AUTH_URL and the other OS_* variables', {
      hint: 'the name is an entry under `clouds:` in clouds.yaml',
    });
  }
  const cloudsFile = await readFirst(candidates('clouds', env, cwd, systemDir));
  if (!cloudsFile) {
    const where = candidates('clouds', env, cwd, systemDir).join(', ');
    throw new StackshiftError(codes.CLOUD_CONFIG, `cloud '${wanted}' requested but no clouds.yaml was found (looked in ${where})`, {
      hint: 'create one of those files, or set OS_CLIENT_CONFIG_FILE to its path',
    });
  }
  const clouds = cloudsOf(cloudsFile.path, cloudsFile.data);
  const entry = clouds[wanted];
  if (!isMap(entry)) {
    const known = Object.keys(clouds);
    throw new StackshiftError(codes.CLOUD_CONFIG, `${cloudsFile.path}: no cloud named '${wanted}'`, {
      hint: known.length ? `known clouds: ${known.join(', ')}` : 'add an entry for it under `clouds:`',
    });
  }
  const secureFile = await readFirst(candidates('secure', env, cwd, systemDir));
  const secureEntry = secureFile ? cloudsOf(secureFile.path, secureFile.data)[wanted] : undefined;
  const merged = isMap(secureEntry) ? merge(entry, secureEntry) : entry;
  return normaliseEntry(wanted, cloudsFile.path, merged, cwd);
}
