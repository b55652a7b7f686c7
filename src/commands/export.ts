/**
 * `stackshift export --cloud NAME --out DIR [--types ...] [--name-filter REGEX] [--force]`:
 * writes the source project's resources as OS-Migrate snapshot files under DIR/snapshots/.
 */
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { UsageError } from '../errors.js';
import { exportSnapshots, type ExportSummary } from '../export/exporter.js';
import { parseKinds } from '../export/kindNames.js';
import type { Output } from '../ports.js';
import { openCloud } from '../wiring.js';

const USAGE = `usage: stackshift export --cloud NAME --out DIR [--types LIST] [--name-filter REGEX] [--force] [--admin-cloud NAME] [--concurrency N]

Reads the project of cloud NAME (an entry of clouds.yaml; default: OS_CLOUD, else the OS_*
variables) and writes its resources as OS-Migrate snapshot files in DIR/snapshots/:
networks, subnets, routers, router_interfaces, security_groups, security_group_rules, images,
flavors, keypairs, detached_volumes, workloads. Output is deterministic; re-exporting an
unchanged cloud changes nothing. Hand edits to params are kept and listed unless --force.

  --types LIST         only these files, comma-separated (e.g. networks,subnets,workloads)
  --name-filter REGEX  only resources whose name matches (rules: their group; interfaces: their router)
  --force              replace hand-edited resources and unreadable files with a fresh export
  --admin-cloud NAME   an admin entry of the same cloud, only to read the names of projects owning
                       shared resources (the external network; without it their ids are written)
                       and the compute host of each server (Nova shows it only to admins)
  --concurrency N      API requests in flight (default 8)`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        cloud: { type: 'string' }, 'admin-cloud': { type: 'string' }, out: { type: 'string' }, types: { type: 'string' }, 'name-filter': { type: 'string' },
        force: { type: 'boolean', default: false }, concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), 'run `stackshift export --help`');
  }
}

function report(summary: ExportSummary, output: Output): void {
  for (const f of summary.files) {
    const counts = [`${f.resources} resource${f.resources === 1 ? '' : 's'}`, f.added && `${f.added} added`, f.updated && `${f.updated} updated`, f.removed && `${f.removed} removed`].filter(Boolean).join(', ');
    output.out(`${f.written ? 'wrote    ' : 'unchanged'} ${f.file} (${counts})`);
  }
  for (const w of summary.warnings) output.err(`warning: ${w}`);
  const kept = summary.files.flatMap((f) => f.keptEdits.map((e) => `${f.file}: ${e}`));
  if (kept.length > 0) {
    output.err(`warning: ${kept.length} hand-edited resource${kept.length === 1 ? ' was' : 's were'} left as edited (pass --force to replace with the cloud's state):`);
    for (const line of kept) output.err(`  ${line}`);
  }
  output.out(`exported to ${summary.dir} with ${summary.requests} API requests`);
}

export async function run(argv: string[], output: Output): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('--out DIR is required', 'name the desired-state repository to write snapshots/ into');
  const kinds = values.types ? parseKinds(values.types) : undefined;
  let nameFilter: RegExp | undefined;
  try {
    nameFilter = values['name-filter'] ? new RegExp(values['name-filter']) : undefined;
  } catch (err) {
    throw new UsageError(`--name-filter: ${(err as Error).message}`);
  }
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');

  const options = { warn: (l: string) => output.err(`warning: ${l}`), ...(process.env.STACKSHIFT_DEBUG ? { log: (l: string) => output.err(l) } : {}) };
  const client = await openCloud(values.cloud, options);
  const adminClient = values['admin-cloud'] ? await openCloud(values['admin-cloud'], options).catch(async (err: unknown) => {
    await client.close();
    throw err;
  }) : undefined;
  const bar = output.interactive ? new SingleBar({ format: 'export [{bar}] {value}/{total} {what}', hideCursor: true, clearOnComplete: true }) : undefined;
  let started = false;
  try {
    const summary = await exportSnapshots(client, {
      out: values.out, force: values.force, concurrency, ...(adminClient ? { adminClient } : {}),
      ...(kinds ? { kinds } : {}), ...(nameFilter ? { nameFilter } : {}),
      progress: (done, total, what) => {
        if (!bar) return;
        if (!started) bar.start(total, 0, { what });
        started = true;
        bar.setTotal(total);
        bar.update(done, { what });
      },
    });
    bar?.stop();
    report(summary, output);
    return 0;
  } finally {
    bar?.stop();
    await client.close();
    await adminClient?.close();
  }
}
