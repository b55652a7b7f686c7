/**
 * The node reclaim decider as a table: given the facts so far and reclaim.yaml's stage, the next
 * step — and where a person is needed (a wipe-node confirmation), the block says what to add.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReclaimNode, ReclaimStage } from '../../src/desired/configModel.js';
import { decideNode } from '../../src/workflows/node/decide.js';
import type { NodeSpec } from '../../src/workflows/node/spec.js';
import { initialNodeState, type NodeState } from '../../src/workflows/node/state.js';

const node = (stage: ReclaimStage, extra: Partial<ReclaimNode> = {}): NodeSpec => ({
  node: {
    host: 'compute-2', stage, drain: 'live-migrate', file: 'reclaim.yaml', line: 5,
    bmc: { driver: 'redfish', address: 'https://10.0.0.5', username: 'root', passwordEnv: 'PW' },
    ironic: { driver: 'redfish', resourceClass: 'baremetal', properties: {}, ports: [{ address: '52:54:00:00:00:01', pxeEnabled: true }] },
    ...extra,
  },
  reclaiming: ['compute-2'], headroomPercent: 10, movesAtOnce: 2, moveTimeoutMs: 900_000,
});

const checked = { serviceId: 's-1', servers: ['a', 'b'], usage: {}, spareAfter: {}, serviceDown: false };
const facts = (over: Partial<NodeState>): NodeState => ({ ...initialNodeState(), started: true, ...over });
const next = (s: NodeState, spec: NodeSpec | undefined, confirmed = false) => {
  const d = decideNode(s, { desired: spec, now: 0, commit: 'c1', id: 'compute-2', confirmed: () => confirmed });
  return d.kind === 'run' ? d.activity.type : d.kind;
};

test('the chain runs in order up to the stage reclaim.yaml asks for', () => {
  const spec = node('deployed', { scaleOutHook: '/usr/local/bin/scale-out' });
  const chain: Array<[Partial<NodeState>, string]> = [
    [{}, 'check-capacity'],
    [{ capacity: checked }, 'disable-service'],
    [{ capacity: checked, disabled: true }, 'drain'],
    [{ capacity: checked, disabled: true, quiesced: true }, 'remove-service'],
    [{ capacity: checked, disabled: true, quiesced: true, removed: true }, 'power'],
    [{ removed: true, quiesced: true, power: { power: 'off', bootDevice: 'pxe' } }, 'enroll'],
    [{ removed: true, quiesced: true, power: { power: 'off', bootDevice: 'pxe' }, ironicNodeId: 'n', managed: true }, 'inspect'],
    [{ removed: true, quiesced: true, power: { power: 'off', bootDevice: 'pxe' }, ironicNodeId: 'n', managed: true, inspected: true, available: true }, 'scale-out'],
  ];
  for (const [state, want] of chain) assert.equal(next(facts(state), spec, true), want, JSON.stringify(state));
  assert.equal(next(facts({ removed: true, quiesced: true, power: { power: 'off', bootDevice: 'pxe' }, ironicNodeId: 'n', managed: true, inspected: true, available: true, deployed: { hypervisor: 'compute-2' } }), spec), 'done');
});

test('each stage stops where it says', () => {
  assert.equal(next(facts({ capacity: checked, disabled: true, quiesced: true }), node('quiesced')), 'done');
  assert.equal(next(facts({ quiesced: true, removed: true }), node('removed')), 'done');
  assert.equal(next(facts({ quiesced: true, removed: true, power: { power: 'off', bootDevice: 'pxe' }, ironicNodeId: 'n', managed: true }), node('enrolled')), 'done');
});

test('cleaning wipes disks: provide waits for a wipe-node confirmation and says how to give it', () => {
  const inspected = facts({ quiesced: true, removed: true, power: { power: 'off', bootDevice: 'pxe' }, ironicNodeId: 'n', managed: true, inspected: true });
  const d = decideNode(inspected, { desired: node('available'), now: 0, commit: 'c1', id: 'compute-2', confirmed: () => false });
  assert.equal(d.kind, 'blocked');
  assert.match(d.kind === 'blocked' ? d.fix : '', /\{action: wipe-node, target: compute-2\}/);
  assert.equal(next(inspected, node('available'), true), 'provide');
});

test('drain: wait only checks; a dead node is forced down and evacuated', () => {
  assert.equal(next(facts({ capacity: checked, disabled: true }), node('quiesced', { drain: 'wait' })), 'check-empty');
  const dead = { ...checked, serviceDown: true };
  assert.equal(next(facts({ capacity: dead, disabled: true }), node('quiesced')), 'force-down');
  const d = decideNode(facts({ capacity: dead, disabled: true, forcedDown: true }), { desired: node('quiesced'), now: 0, commit: 'c1', id: 'compute-2' });
  assert.equal(d.kind === 'run' && d.activity.type, 'drain');
  assert.match(d.kind === 'run' ? d.activity.title : '', /evacuate 2 server/);
});

test('a revert re-enables a node that is not removed yet, and explains when it is', () => {
  assert.equal(next(facts({ capacity: checked, disabled: true, disabledReason: 'stackshift: reclaim c1' }), undefined), 'enable-service');
  assert.equal(next(facts({ capacity: checked, reEnabled: true }), undefined), 'done');
  const removed = decideNode(facts({ quiesced: true, removed: true }), { desired: undefined, now: 0, commit: 'c2', id: 'compute-2' });
  assert.match(removed.kind === 'done' ? removed.reason : '', /can only go forward .* re-added by the old cloud's deployment tool/);
  assert.equal(next(initialNodeState(), undefined), 'done');
});

test('a revert Nova refused to force up (evacuations not completed) is blocked until the next commit', () => {
  const refused = facts({ capacity: checked, disabled: true, forcedDown: true, forceUpRefused: { reason: 'Unable to force up host compute-2', commit: 'c1' } });
  assert.equal(next(refused, undefined), 'blocked');
  assert.equal(next({ ...refused, forceUpRefused: { reason: 'x', commit: 'c0' } }, undefined), 'enable-service', 'a later commit tries again');
});
