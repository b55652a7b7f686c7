/**
 * References as a project member's OS-Migrate export writes them (issue "Interop with
 * OS-Migrate"): project_name null when Keystone would not name the owner project, and the
 * project's own `default` security group, which need not be exported. Each case edits a fresh
 * copy of example-repo/ and runs `stackshift validate`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isLocalRef, refOwner } from '../../src/desired/references.js';
import { copyExample, edit, lineOf, removeDir, validateJson } from './helpers.js';

const ROUTERS = 'snapshots/routers.yml';
const WORKLOADS = 'snapshots/workloads.yml';
const RULES = 'snapshots/security_group_rules.yml';

// The router's gateway ref in example-repo, as an admin-scoped export writes it.
const PUBLIC_AS_ADMIN = "        domain_name: Default\n        name: public\n        project_name: admin\n";
const publicRef = (project: string, domain = project): string => `        domain_name: ${domain}\n        name: public\n        project_name: ${project}\n`;
// web-1's security_group_refs (the first in workloads.yml).
const WEB1_GROUPS = "    security_group_refs:\n    - domain_name: '%auth%'\n      name: web-sg\n";
const groupRef = (name: string): string => `    - domain_name: '%auth%'\n      name: ${name}\n      project_name: '%auth%'\n`;

describe('OS-Migrate member-export references', () => {
  let dir: string;
  before(async () => { dir = await copyExample(); });
  after(async () => { await removeDir(dir); });
  // Each case starts from a fresh copy, so one case's edit cannot hide another's problem.
  const fresh = async (): Promise<string> => { await removeDir(dir); dir = await copyExample(); return dir; };

  it('classifies refs by owner', () => {
    assert.equal(refOwner({ name: 'n', project_name: '%auth%', domain_name: '%auth%' }), 'project');
    assert.equal(refOwner({ name: 'n' }), 'project');
    assert.equal(refOwner({ name: 'n', project_name: null, domain_name: null }), 'unknown');
    assert.equal(refOwner({ name: 'n', project_name: 'admin', domain_name: 'Default' }), 'other');
    assert.equal(isLocalRef({ name: 'n', project_name: null }), false);
    assert.equal(isLocalRef({ name: 'n' }), true);
  });

  it('accepts an external gateway network whose project_name is null', async () => {
    const d = await fresh();
    await edit(d, ROUTERS, PUBLIC_AS_ADMIN, publicRef('null'));
    const { code, problems } = await validateJson(d);
    assert.deepEqual(problems, []);
    assert.equal(code, 0);
  });

  it('accepts a server port on a shared network and subnet whose project_name is null', async () => {
    const d = await fresh();
    await edit(d, WORKLOADS, "          domain_name: '%auth%'\n          name: web-net\n          project_name: '%auth%'\n", '          domain_name: null\n          name: provider-net\n          project_name: null\n');
    await edit(d, WORKLOADS, "            domain_name: '%auth%'\n            name: web-subnet\n            project_name: '%auth%'\n", '            domain_name: null\n            name: provider-subnet\n            project_name: null\n');
    assert.deepEqual((await validateJson(d)).problems, []);
  });

  it("still rejects a '%auth%' network that is not in the repository, at its line", async () => {
    const d = await fresh();
    await edit(d, ROUTERS, PUBLIC_AS_ADMIN, publicRef("'%auth%'"));
    const { code, problems } = await validateJson(d);
    assert.equal(code, 1);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const [p] = problems;
    assert.equal(p!.file, ROUTERS);
    // The problem points at the ref itself, whose first key is domain_name.
    assert.equal(p!.line, (await lineOf(d, ROUTERS, 'name: public')) - 1);
    assert.match(p!.message, /router 'acme-router' refers to network 'public', which is not in snapshots\/networks\.yml/);
    assert.match(p!.hint ?? '', /mappings\.networks/);
  });

  it("accepts the project's default security group on a server and as a rule's remote group", async () => {
    const d = await fresh();
    await edit(d, WORKLOADS, WEB1_GROUPS, `    security_group_refs:\n${groupRef('default')}    - domain_name: '%auth%'\n      name: web-sg\n`);
    await edit(d, RULES, '    remote_group_ref: null\n', "    remote_group_ref:\n      domain_name: '%auth%'\n      name: default\n      project_name: '%auth%'\n");
    await edit(d, RULES, '    remote_ip_prefix: 0.0.0.0/0\n', '    remote_ip_prefix: null\n');
    assert.deepEqual((await validateJson(d)).problems, []);
  });

  it('still rejects a missing security group that is not default, at its line', async () => {
    const d = await fresh();
    await edit(d, WORKLOADS, WEB1_GROUPS, `    security_group_refs:\n${groupRef('legacy-sg')}    - domain_name: '%auth%'\n      name: web-sg\n`);
    const { code, problems } = await validateJson(d);
    assert.equal(code, 1);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]!.file, WORKLOADS);
    assert.equal(problems[0]!.line, (await lineOf(d, WORKLOADS, 'name: legacy-sg')) - 1);
    assert.match(problems[0]!.message, /server 'web-1' refers to security group 'legacy-sg', which is not in snapshots\/security_groups\.yml/);
  });

  it('still rejects rules on a default group that security_groups.yml does not list', async () => {
    const d = await fresh();
    await edit(d, RULES, "      name: web-sg\n", '      name: default\n');
    const { problems } = await validateJson(d);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!.message, /refers to security group 'default', which is not in snapshots\/security_groups\.yml/);
  });
});
