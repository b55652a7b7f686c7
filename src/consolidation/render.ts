/**
 * What `reclaim suggest` prints and writes: the reasoning as text (or JSON for scripts), and a
 * reclaim.yaml fragment listing the proposed nodes at stage quiesced. The BMC and Ironic sections
 * cannot be known from the cloud, so they are written as commented placeholders with <…> marks;
 * the header says what to fill, and `stackshift validate` says which node still lacks them.
 */
import type { Estate, Move, PlanOptions, Proposal } from './model.js';

/** Hosts the text output names one by one before summarising the rest (500-host estates). */
const KEPT_SHOWN = 20;

export function renderText(proposal: Proposal, options: { out?: string }): string {
  const [scope, summary, ...details] = proposal.reasoning;
  const drains = details.filter((l) => !l.startsWith('keep '));
  const kept = details.filter((l) => l.startsWith('keep '));
  const lines = [scope!, summary!, '', ...drains.map((l) => `  ${l}`)];
  if (kept.length > 0) {
    lines.push('', ...kept.slice(0, KEPT_SHOWN).map((l) => `  ${l}`));
    if (kept.length > KEPT_SHOWN) lines.push(`  … and ${kept.length - KEPT_SHOWN} more hosts kept (--format json lists them all)`);
  }
  if (proposal.moves.length > 0) {
    lines.push('', 'moves:', ...proposal.moves.map((m) => `  ${m.name} (${m.server}): ${m.from} → ${m.to}`));
  }
  lines.push('', options.out ? `wrote the reclaim.yaml fragment to ${options.out}` : 'pass --out FILE to write these nodes as a reclaim.yaml fragment');
  return lines.join('\n');
}

export function renderJson(proposal: Proposal, estate: Estate, options: PlanOptions): string {
  return JSON.stringify({
    headroomPercent: options.headroomPercent,
    ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    hosts: estate.hosts.length,
    servers: estate.servers.length,
    drain: proposal.drain,
    moves: proposal.moves,
    reasoning: proposal.reasoning,
  });
}

export const PLACEHOLDER_NOTE = 'fill in every <…> below';

export function renderFragment(proposal: Proposal, options: PlanOptions & { command: string }): string {
  const movesFrom = new Map<string, Move[]>();
  for (const m of proposal.moves) movesFrom.set(m.from, [...(movesFrom.get(m.from) ?? []), m]);
  const lines = [
    `# reclaim.yaml fragment proposed by \`${options.command}\`:`,
    `# drain ${proposal.drain.length} node(s), moving ${proposal.moves.length} server(s). Merge the nodes into reclaim.yaml.`,
    `# Before it validates, ${PLACEHOLDER_NOTE}: for each node uncomment bmc and ironic and give`,
    '# the BMC address, user and password reference (a file or an environment variable, never the',
    '# password) and the MAC of the NIC the node PXE boots from. `stackshift validate` names what is missing.',
    'version: 1',
    `headroomPercent: ${options.headroomPercent}`,
    proposal.drain.length === 0 ? 'nodes: []' : 'nodes:',
  ];
  for (const host of proposal.drain) {
    const moves = movesFrom.get(host) ?? [];
    lines.push(
      `  - host: ${JSON.stringify(host)}`,
      '    stage: quiesced             # disable it and move its servers; removal comes in a later commit',
      '    drain: live-migrate         # cold-migrate for servers that cannot move live',
      ...(moves.length === 0 ? ['    # no servers to move'] : ['    # servers that move:', ...moves.map((m) => `    #   ${m.name} → ${m.to}${m.status === 'SHUTOFF' ? '   (stopped: live migration refuses it; start it, or use drain: cold-migrate)' : ''}`)]),
      '    # bmc:',
      '    #   driver: ipmi                        # or redfish',
      '    #   address: <BMC address>',
      '    #   username: <BMC user>',
      '    #   passwordFile: <file holding the BMC password>   # or passwordEnv: <VARIABLE_NAME>',
      '    # ironic:',
      '    #   driver: ipmi                        # the same protocol as bmc.driver',
      '    #   resourceClass: baremetal.compute',
      '    #   ports:',
      '    #     - address: <MAC of the PXE NIC, e.g. 52:54:00:12:34:56>',
    );
  }
  return `${lines.join('\n')}\n`;
}
