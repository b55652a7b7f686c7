/**
 * `stackshift reclaim suggest --cloud NAME [--headroom 20%] [--max-nodes N] [--out FILE] [--format text|json]`:
 * reads hypervisors, servers, server groups and Placement from an admin cloud entry and proposes
 * which compute nodes to drain so the remaining hosts hold every server (src/consolidation/).
 * It changes nothing in the cloud; the proposal becomes real when its reclaim.yaml fragment is
 * completed and committed.
 */
import { writeFile } from 'node:fs/promises';
import { verbUsageError, parseVerbArgs } from '../cli/args.js';
import { RECLAIM_DEFAULTS } from '../desired/reclaim.js';
import { StackshiftError } from '../errors.js';
import type { Output } from '../ports.js';
import { openCloud } from '../wiring.js';

const usage = `usage: stackshift reclaim suggest --cloud NAME [--headroom PERCENT] [--max-nodes N] [--out FILE] [--format text|json]

Proposes compute nodes to drain so the other hosts hold every server: vCPU, RAM and disk with
Placement's allocation ratios, availability zones and hard (anti-)affinity respected, as many
nodes as possible and, for that many, as few servers moved as possible. Nothing is changed.

  --cloud NAME       admin entry of the old cloud in clouds.yaml (default: OS_CLOUD)
  --headroom P       percent of each resource kept free on hosts that receive servers (default ${RECLAIM_DEFAULTS.headroomPercent}%)
  --max-nodes N      propose at most N nodes
  --out FILE         write the nodes as a reclaim.yaml fragment (fill in bmc and ironic before use)
  --format F         text (default) or json`;

export async function run(argv: string[], output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    output.out(usage);
    return 0;
  }
  if (sub === undefined) throw verbUsageError('reclaim', 'missing subcommand', 'the subcommand is: suggest (run `stackshift reclaim --help`)');
  if (sub !== 'suggest') throw verbUsageError('reclaim', `unknown subcommand '${sub}'`, 'the subcommand is: suggest (run `stackshift reclaim --help`)');
  const { values } = parseVerbArgs('reclaim', rest, {
    cloud: { type: 'string' }, headroom: { type: 'string' }, 'max-nodes': { type: 'string' }, out: { type: 'string' },
    format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') throw verbUsageError('reclaim', `unknown --format '${values.format}'`, 'one of: text, json');
  const headroomPercent = values.headroom === undefined ? RECLAIM_DEFAULTS.headroomPercent : parseHeadroom(values.headroom);
  const maxNodes = values['max-nodes'] === undefined ? undefined : parseMaxNodes(values['max-nodes']);
  const options = { headroomPercent, ...(maxNodes !== undefined ? { maxNodes } : {}) };

  const [{ readEstate }, { suggest }, render] = await Promise.all([
    import('../consolidation/readEstate.js'), import('../consolidation/suggest.js'), import('../consolidation/render.js'),
  ]);
  const client = await openCloud(values.cloud, { warn: (l) => output.err(`warning: ${l}`), ...(process.env.STACKSHIFT_DEBUG ? { log: (l: string) => output.err(l) } : {}) });
  let estate;
  try {
    estate = await readEstate(client);
  } catch (err) {
    // Hypervisors, services and Placement are admin-only: say which entry to use instead.
    if (err instanceof StackshiftError && err.data.status === 403) {
      throw new StackshiftError(err.code, err.message, { data: err.data, retry: err.retry, exitCode: err.exitCode, cause: err, hint: `reclaim suggest reads compute services, hypervisors and Placement, which need an admin: pass --cloud with the admin entry of this cloud (e.g. src-admin)` });
    }
    throw err;
  } finally {
    await client.close();
  }
  const proposal = suggest(estate, options);
  if (values.out) {
    const command = ['stackshift reclaim suggest', ...rest.filter((a, i) => a !== '--out' && rest[i - 1] !== '--out' && !a.startsWith('--out='))].join(' ');
    await writeFile(values.out, render.renderFragment(proposal, { ...options, command }));
  }
  output.out(values.format === 'json' ? render.renderJson(proposal, estate, options) : render.renderText(proposal, values.out ? { out: values.out } : {}));
  return 0;
}

function parseHeadroom(text: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const value = match ? Number(match[1]) : NaN;
  if (!(value >= 0 && value <= 90)) throw verbUsageError('reclaim', `--headroom '${text}' is not a percentage from 0 to 90`, 'write it as e.g. 20% or 20');
  return value;
}

function parseMaxNodes(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw verbUsageError('reclaim', `--max-nodes '${text}' is not a whole number of at least 1`, 'e.g. --max-nodes 4');
  return value;
}
