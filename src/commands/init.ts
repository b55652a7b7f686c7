/**
 * `stackshift init DIR` (also `init --from-export DIR`): after `stackshift export --out DIR`,
 * writes the three files a desired-state repository needs besides snapshots/ — a stub
 * stackshift.yaml naming the clouds, and a workloads.yaml and reclaim.yaml that select nothing —
 * so `stackshift validate DIR` passes and the next edit is a choice, not a format to look up.
 * It never overwrites: an existing file is left alone and nothing is written.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseVerbArgs, verbUsageError } from '../cli/args.js';
import { codes, StackshiftError } from '../errors.js';
import type { Output } from '../ports.js';

const usage = `usage: stackshift init DIR [--source CLOUD] [--destination CLOUD]
       stackshift init --from-export DIR [...]

After \`stackshift export --out DIR\`, writes DIR/stackshift.yaml (the two clouds, no other
setting), DIR/workloads.yaml (no workload selected; the exported servers listed in comments) and
DIR/reclaim.yaml (no node), so that \`stackshift validate DIR\` passes. Refuses, writing nothing,
when any of the three exists.

  --from-export DIR     the directory export wrote (the same as giving DIR)
  --source CLOUD        clouds.yaml entry of the source project (default: env OS_CLOUD, else src)
  --destination CLOUD   clouds.yaml entry of the destination project (default: dst)

Exit status: 0 written; 1 a file exists or DIR cannot be written; 2 usage error.`;

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** The server names of snapshots/workloads.yml, to list in comments; none when it is missing or unreadable (validate says why). */
async function exportedServers(dir: string): Promise<string[]> {
  try {
    const doc = parse(await readFile(join(dir, 'snapshots', 'workloads.yml'), 'utf8')) as { resources?: { params?: { name?: unknown } }[] };
    return (doc?.resources ?? []).flatMap((r) => (typeof r?.params?.name === 'string' ? [r.params.name] : []));
  } catch {
    return [];
  }
}

function stackshiftYaml(source: string, destination: string): string {
  return `# Written by \`stackshift init\`. Clouds are entries of the operator's clouds.yaml; no credential
# ever goes in this repository. See example-repo/stackshift.yaml for every setting
# (conversionHosts, mappings, transfer, windows, policy).
version: 1

source:
  cloud: ${JSON.stringify(source)}
destination:
  cloud: ${JSON.stringify(destination)}

policy:
  prune: false      # never delete destination resources on its own
  confirmations: []
`;
}

function workloadsYaml(servers: string[]): string {
  const example = servers.length === 0
    ? ['# (snapshots/workloads.yml lists no server yet; export with --types workloads writes it)']
    : ['# To migrate servers, replace the line above with a list; the exported servers are:', '# workloads:', ...servers.map((name) => `#   - server: ${name}\n#     wave: 1`)];
  return `# Which exported servers (snapshots/workloads.yml) move, and how. None is selected yet.
# See example-repo/workloads.yaml for the options (waves, windows, copy paths).
version: 1

workloads: []
${example.join('\n')}
`;
}

const reclaimYaml = `# Old compute nodes that leave the old cloud and join the new one as they empty. None yet:
# see example-repo/reclaim.yaml, or \`stackshift reclaim suggest\` for which nodes to drain.
version: 1

nodes: []
`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('init', argv, {
    'from-export': { type: 'string' }, source: { type: 'string' }, destination: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, { positionals: true });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const dirs = [...positionals, ...(values['from-export'] ? [values['from-export']] : [])];
  if (dirs.length !== 1) throw verbUsageError('init', dirs.length === 0 ? 'name the directory export wrote: stackshift init DIR' : `expected one directory, got ${dirs.length}: ${dirs.join(', ')}`);
  const dir = dirs[0]!;
  const source = values.source ?? process.env.OS_CLOUD ?? 'src';
  const destination = values.destination ?? 'dst';
  if (source === destination) throw verbUsageError('init', `source and destination are both '${source}'`, 'name the destination with --destination CLOUD');

  const files: [string, string][] = [
    ['stackshift.yaml', stackshiftYaml(source, destination)],
    ['workloads.yaml', workloadsYaml(await exportedServers(dir))],
    ['reclaim.yaml', reclaimYaml],
  ];
  if (!(await exists(dir))) {
    throw new StackshiftError(codes.NOT_FOUND, `${dir} does not exist`, { hint: `export into it first: stackshift export --out ${dir}` });
  }
  const present = [];
  for (const [name] of files) if (await exists(join(dir, name))) present.push(join(dir, name));
  if (present.length > 0) {
    throw new StackshiftError(codes.USAGE, `${present.join(', ')} ${present.length === 1 ? 'exists' : 'exist'}; init wrote nothing`, {
      exitCode: 1, hint: 'edit the existing files instead, or move them aside and run init again',
    });
  }
  if (!(await exists(join(dir, 'snapshots')))) {
    output.err(`warning: ${join(dir, 'snapshots')} does not exist yet: run \`stackshift export --out ${dir}\` so there is something to migrate`);
  }
  for (const [name, text] of files) {
    try {
      await writeFile(join(dir, name), text, { flag: 'wx' });
    } catch (err) {
      throw new StackshiftError(codes.REPO_UNREADABLE, `cannot write ${join(dir, name)}: ${(err as Error).message}`, { hint: 'check DIR exists and is writable' });
    }
    output.out(`wrote ${join(dir, name)}`);
  }
  output.out(`next: edit the clouds in stackshift.yaml and pick workloads, then \`stackshift validate ${dir}\``);
  return 0;
}
