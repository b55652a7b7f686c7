/**
 * The rules a proposal must keep, checked from the outside (not through packing.ts, so a bug
 * there cannot hide itself): every server of a drained host moves exactly once and nothing else
 * moves; destinations are schedulable, stay, and share the source's zone; a receiving host ends
 * within its headroom; hard anti-affinity members end on distinct hosts, affinity members together.
 */
import assert from 'node:assert/strict';
import { limitOf, RESOURCE_CLASSES, type Estate, type PlanOptions, type Proposal } from '../../src/consolidation/model.js';

export function checkProposal(estate: Estate, proposal: Proposal, options: PlanOptions, label: string): void {
  const hostByName = new Map(estate.hosts.map((h) => [h.name, h]));
  const drained = new Set(proposal.drain);
  assert.equal(drained.size, proposal.drain.length, `${label}: a host is proposed twice`);
  if (options.maxNodes !== undefined) assert.ok(drained.size <= options.maxNodes, `${label}: more nodes than --max-nodes`);
  const finalHost = new Map(estate.servers.map((s) => [s.id, s.host]));
  const moved = new Set<string>();
  for (const m of proposal.moves) {
    const server = estate.servers.find((s) => s.id === m.server)!;
    assert.ok(!moved.has(m.server), `${label}: ${m.name} moves twice`);
    moved.add(m.server);
    assert.equal(m.from, server.host, `${label}: ${m.name} moves from the wrong host`);
    assert.ok(drained.has(m.from), `${label}: ${m.name} moves off ${m.from}, which is not drained`);
    assert.ok(!drained.has(m.to), `${label}: ${m.name} moves onto drained ${m.to}`);
    assert.ok(hostByName.get(m.to)!.schedulable, `${label}: ${m.name} moves onto unschedulable ${m.to}`);
    assert.equal(hostByName.get(m.to)!.zone, hostByName.get(m.from)!.zone, `${label}: ${m.name} leaves its availability zone`);
    finalHost.set(m.server, m.to);
  }
  for (const s of estate.servers) if (drained.has(s.host)) assert.ok(moved.has(s.id), `${label}: ${s.name} is left on drained ${s.host}`);
  for (const host of new Set(proposal.moves.map((m) => m.to))) {
    const h = hostByName.get(host)!;
    const limit = limitOf(h, options.headroomPercent);
    for (const rc of RESOURCE_CLASSES) {
      const added = proposal.moves.filter((m) => m.to === host).reduce((n, m) => n + estate.servers.find((s) => s.id === m.server)!.resources[rc], 0);
      assert.ok(h.used[rc] + added <= limit[rc] + 1e-6, `${label}: ${host} ${rc} ends at ${h.used[rc] + added}, above its ${options.headroomPercent}% headroom limit ${limit[rc]}`);
    }
  }
  for (const g of estate.groups) {
    const hosts = g.members.map((id) => finalHost.get(id));
    if (g.policy === 'anti-affinity') assert.equal(new Set(hosts).size, hosts.length, `${label}: anti-affinity group ${g.name} shares a host`);
    const startedTogether = new Set(g.members.map((id) => estate.servers.find((s) => s.id === id)!.host)).size === 1;
    if (g.policy === 'affinity' && startedTogether) assert.equal(new Set(hosts).size, 1, `${label}: affinity group ${g.name} is split`);
  }
}
