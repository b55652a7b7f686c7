/**
 * The bad-input corpus: each case breaks a fresh copy of example-repo/ in one way and expects
 * `stackshift validate` to exit 1 with a precise problem (file, line where it is knowable,
 * and message). Cases are generated here rather than stored, so they follow the example.
 */
import assert from 'node:assert/strict';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyExample, edit, editYaml, lineOf, removeDir, validateJson } from './helpers.js';

interface Expect {
  file: string;
  message: RegExp;
  line?: number;
  hint?: RegExp;
}
interface Case {
  name: string;
  setup(dir: string): Promise<Expect>;
}

const SNAP = 'snapshots';
const cases: Case[] = [
  // YAML syntax
  { name: 'unclosed flow sequence', async setup(d) {
    await edit(d, 'stackshift.yaml', 'version: 1', 'version: [1');
    return { file: 'stackshift.yaml', message: /YAML syntax/ };
  } },
  { name: 'tab indentation', async setup(d) {
    await edit(d, 'workloads.yaml', '  mode: cold', '\tmode: cold');
    return { file: 'workloads.yaml', message: /YAML syntax: Tabs/, line: await lineOf(d, 'workloads.yaml', '\tmode') };
  } },
  { name: 'duplicate key', async setup(d) {
    await edit(d, 'reclaim.yaml', '    stage: enrolled', '    stage: enrolled\n    stage: removed');
    return { file: 'reclaim.yaml', message: /YAML syntax: Map keys must be unique/, line: await lineOf(d, 'reclaim.yaml', 'stage: removed'), hint: /once/ };
  } },
  { name: 'two documents in one file', async setup(d) {
    await writeFile(join(d, 'workloads.yaml'), 'version: 1\nworkloads: []\n---\nversion: 1\n');
    return { file: 'workloads.yaml', message: /multiple documents/, hint: /one YAML document/ };
  } },
  // wrong types and values
  { name: 'string where an integer is needed', async setup(d) {
    await edit(d, `${SNAP}/flavors.yml`, 'vcpus: 4', 'vcpus: four');
    return { file: `${SNAP}/flavors.yml`, message: /flavor 'db.large': params\.vcpus must be an integer \(found string "four"\)/, line: await lineOf(d, `${SNAP}/flavors.yml`, 'vcpus: four') };
  } },
  { name: 'enum value out of range', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'ip_version: 4', 'ip_version: 5');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'web-subnet': params\.ip_version is 5; it must be one of 4, 6/, line: await lineOf(d, `${SNAP}/subnets.yml`, 'ip_version: 5') };
  } },
  { name: 'malformed CIDR', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'cidr: 10.10.3.0/24', 'cidr: 10.10.3.0');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'db-subnet': params\.cidr "10\.10\.3\.0" is not in the expected format/, hint: /ADDRESS\/PREFIX/ };
  } },
  { name: 'negative wave', async setup(d) {
    await edit(d, 'workloads.yaml', 'wave: 2', 'wave: 0');
    return { file: 'workloads.yaml', message: /workloads\[2\]\.wave must be >= 1/, line: await lineOf(d, 'workloads.yaml', 'wave: 0') };
  } },
  { name: 'a private key pasted as a keypair', async setup(d) {
    await edit(d, `${SNAP}/keypairs.yml`, /public_key: [\s\S]*?\n    type: ssh/, 'public_key: "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXk"\n    type: ssh');
    return { file: `${SNAP}/keypairs.yml`, message: /^keypair 'acme-deploy': params\.public_key \(value not shown\) is not in the expected format$/, hint: /private keys never belong/ };
  } },
  // unknown keys
  { name: 'misspelt top-level key of stackshift.yaml', async setup(d) {
    await edit(d, 'stackshift.yaml', 'transfer:', 'tranfser:');
    return { file: 'stackshift.yaml', message: /unknown key 'tranfser'/, line: await lineOf(d, 'stackshift.yaml', 'tranfser:'), hint: /did you mean 'transfer'/ };
  } },
  { name: 'unknown key in a workload entry', async setup(d) {
    await edit(d, 'workloads.yaml', '    bootDiskCopy: true', '    bootdiskcopy: true');
    return { file: 'workloads.yaml', message: /workloads\[0\]: unknown key 'bootdiskcopy'/, line: await lineOf(d, 'workloads.yaml', 'bootdiskcopy'), hint: /bootDiskCopy/ };
  } },
  { name: 'a password written into reclaim.yaml', async setup(d) {
    await edit(d, 'reclaim.yaml', '      passwordFile: /etc/stackshift/bmc/compute-2', '      password: hunter2');
    return { file: 'reclaim.yaml', message: /unknown key 'password'/, line: await lineOf(d, 'reclaim.yaml', 'password: hunter2') };
  } },
  { name: 'a move timeout without its unit', async setup(d) {
    await edit(d, 'reclaim.yaml', 'version: 1\n', 'version: 1\nmoveTimeout: "15"\n');
    return { file: 'reclaim.yaml', message: /moveTimeout/, line: await lineOf(d, 'reclaim.yaml', 'moveTimeout'), hint: /15m, 1h or 90s/ };
  } },
  { name: 'an IPMI cipher suite ipmitool does not know', async setup(d) {
    await edit(d, 'reclaim.yaml', '      port: 6231\n', '      port: 6231\n      cipherSuite: 18\n');
    return { file: 'reclaim.yaml', message: /nodes\[2\]\.bmc\.cipherSuite/, line: await lineOf(d, 'reclaim.yaml', 'cipherSuite: 18'), hint: /0 to 17/ };
  } },
  { name: 'an IPMI cipher suite on a Redfish BMC', async setup(d) {
    await edit(d, 'reclaim.yaml', '      verifyTls: false\n', '      verifyTls: false\n      cipherSuite: 17\n');
    return { file: 'reclaim.yaml', message: /node 'compute-3': cipherSuite is an IPMI setting/, line: await lineOf(d, 'reclaim.yaml', 'cipherSuite: 17'), hint: /driver: ipmi/ };
  } },
  { name: 'Redfish session auth on an IPMI BMC', async setup(d) {
    await edit(d, 'reclaim.yaml', '      port: 6231\n', '      port: 6231\n      auth: session\n');
    return { file: 'reclaim.yaml', message: /node 'compute-4': auth is a Redfish setting/, line: await lineOf(d, 'reclaim.yaml', 'auth: session'), hint: /driver: redfish/ };
  } },
  { name: 'a password pasted where its variable name belongs', async setup(d) {
    await edit(d, 'reclaim.yaml', 'passwordEnv: STACKSHIFT_BMC_COMPUTE4_PASSWORD', 'passwordEnv: "Tr0ub4dor&3 horse"');
    return { file: 'reclaim.yaml', message: /^nodes\[2\]\.bmc\.passwordEnv \(value not shown\) is not in the expected format$/, line: await lineOf(d, 'reclaim.yaml', 'Tr0ub4dor') };
  } },
  { name: 'unknown key in snapshot params', async setup(d) {
    await edit(d, `${SNAP}/networks.yml`, '    mtu: 1450', '    mtu: 1450\n    colour: red');
    return { file: `${SNAP}/networks.yml`, message: /network 'web-net': params: unknown key 'colour'/, line: await lineOf(d, `${SNAP}/networks.yml`, 'colour') };
  } },
  // OS-Migrate envelope
  { name: 'os_migrate_version from the 0.x era', async setup(d) {
    await edit(d, `${SNAP}/routers.yml`, 'os_migrate_version: 1.0.5', 'os_migrate_version: 0.17.0');
    return { file: `${SNAP}/routers.yml`, message: /os_migrate_version "0\.17\.0" is not in the expected format/, line: 1, hint: /OS-Migrate 1\.x/ };
  } },
  { name: 'os_migrate_version missing', async setup(d) {
    await edit(d, `${SNAP}/images.yml`, 'os_migrate_version: 1.0.5\n', '');
    return { file: `${SNAP}/images.yml`, message: /missing required key 'os_migrate_version'/ };
  } },
  { name: 'os_migrate_version as a number', async setup(d) {
    await edit(d, `${SNAP}/flavors.yml`, 'os_migrate_version: 1.0.5', 'os_migrate_version: 1.0');
    return { file: `${SNAP}/flavors.yml`, message: /os_migrate_version must be a string \(found number 1\)/, line: 1 };
  } },
  { name: 'source id missing from _info', async setup(d) {
    await edit(d, `${SNAP}/security_groups.yml`, /    id: .*\n/, '');
    return { file: `${SNAP}/security_groups.yml`, message: /security group 'web-sg': _info: missing required key 'id'/ };
  } },
  { name: 'resource in the wrong file', async setup(d) {
    await edit(d, `${SNAP}/detached_volumes.yml`, 'type: openstack.network.ServerVolume', 'type: openstack.compute.Flavor');
    return { file: `${SNAP}/detached_volumes.yml`, message: /detached_volumes\.yml holds openstack\.network\.ServerVolume resources, not openstack\.compute\.Flavor/, line: await lineOf(d, `${SNAP}/detached_volumes.yml`, 'type: openstack.compute.Flavor'), hint: /snapshots\/flavors\.yml/ };
  } },
  { name: 'resource type stackshift does not know', async setup(d) {
    await edit(d, `${SNAP}/keypairs.yml`, 'type: openstack.compute.Keypair', 'type: openstack.network.Port');
    return { file: `${SNAP}/keypairs.yml`, message: /resources\[0\]\.type is "openstack\.network\.Port"; it must be one of/, hint: /these OS-Migrate types/ };
  } },
  // references
  { name: 'subnet on a network that is not exported', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, '      name: db-net', '      name: dbnet');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'db-subnet' refers to network 'dbnet', which is not in snapshots\/networks\.yml/, line: await lineOf(d, `${SNAP}/subnets.yml`, 'name: dbnet') - 1, hint: /mappings\.networks/ };
  } },
  { name: 'rule of a missing security group', async setup(d) {
    await edit(d, `${SNAP}/security_group_rules.yml`, '      name: db-sg', '      name: database-sg');
    return { file: `${SNAP}/security_group_rules.yml`, message: /security group rule 'database-sg:.*' refers to security group 'database-sg'/ };
  } },
  { name: 'server with a flavor nobody exports', async setup(d) {
    await edit(d, `${SNAP}/workloads.yml`, 'name: db.large', 'name: db.xlarge');
    return { file: `${SNAP}/workloads.yml`, message: /server 'db-1' refers to flavor 'db\.xlarge', which is not in snapshots\/flavors\.yml/, hint: /mappings\.flavors/ };
  } },
  { name: 'server with a missing keypair', async setup(d) {
    await edit(d, `${SNAP}/keypairs.yml`, 'name: acme-deploy', 'name: acme-ops');
    return { file: `${SNAP}/workloads.yml`, message: /server 'web-1' uses keypair 'acme-deploy', which is not in snapshots\/keypairs\.yml/, line: await lineOf(d, `${SNAP}/workloads.yml`, 'key_name: acme-deploy') };
  } },
  { name: 'router interface on a missing router', async setup(d) {
    await edit(d, `${SNAP}/routers.yml`, 'name: acme-router', 'name: edge-router');
    return { file: `${SNAP}/router_interfaces.yml`, message: /refers to router 'acme-router', which is not in snapshots\/routers\.yml/ };
  } },
  { name: 'boot-from-volume server without volumes', async setup(d) {
    await editYaml(d, `${SNAP}/workloads.yml`, (doc: { resources: { params: { name: string; volumes: unknown[] } }[] }) => {
      doc.resources.find((r) => r.params.name === 'db-1')!.params.volumes = [];
    });
    return { file: `${SNAP}/workloads.yml`, message: /server 'db-1' has no image_ref and no volumes/ };
  } },
  { name: 'selection of a server that was not exported', async setup(d) {
    await edit(d, 'workloads.yaml', 'server: web-2', 'server: web-3');
    return { file: 'workloads.yaml', message: /server 'web-3' is not in snapshots\/workloads\.yml/, line: await lineOf(d, 'workloads.yaml', 'web-3') };
  } },
  { name: 'same server selected twice', async setup(d) {
    await edit(d, 'workloads.yaml', 'server: web-2', 'server: web-1');
    return { file: 'workloads.yaml', message: /server 'web-1' is selected twice/, line: await lineOf(d, 'workloads.yaml', 'server: web-1', 2) };
  } },
  { name: 'window that stackshift.yaml does not define', async setup(d) {
    await edit(d, 'workloads.yaml', 'window: weekend', 'window: weekends');
    return { file: 'workloads.yaml', message: /maintenance window 'weekends' is not defined in stackshift\.yaml/, line: await lineOf(d, 'workloads.yaml', 'weekends'), hint: /weeknights, weekend/ };
  } },
  { name: 'conversion-host pair that stackshift.yaml does not define', async setup(d) {
    await edit(d, 'workloads.yaml', 'conversionHostPair: pair-1', 'conversionHostPair: pair-9');
    return { file: 'workloads.yaml', message: /conversion-host pair 'pair-9' is not defined/, line: await lineOf(d, 'workloads.yaml', 'pair-9') };
  } },
  { name: 'mapping that matches nothing', async setup(d) {
    await edit(d, 'stackshift.yaml', '    ceph-hdd: __DEFAULT__', '    ceph-hddd: __DEFAULT__');
    return { file: 'stackshift.yaml', message: /mapping for volume type 'ceph-hddd' matches no volume type/, line: await lineOf(d, 'stackshift.yaml', 'ceph-hddd'), hint: /ceph-ssd/ };
  } },
  { name: 'warm migration without a data copy', async setup(d) {
    await edit(d, 'workloads.yaml', 'mode: cold', 'mode: warm\n  dataCopy: false');
    return { file: 'workloads.yaml', message: /web-1 is warm, but dataCopy is false/, line: await lineOf(d, 'workloads.yaml', 'server: web-1'), hint: /mode: cold/ };
  } },
  { name: 'same cloud as source and destination', async setup(d) {
    await edit(d, 'stackshift.yaml', 'cloud: dst', 'cloud: src');
    return { file: 'stackshift.yaml', message: /source and destination are both clouds\.yaml entry 'src'/ };
  } },
  // addresses
  { name: 'a CIDR whose address is not one (10.999.0.0/24)', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'cidr: 10.10.3.0/24', 'cidr: 10.999.0.0/24');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'db-subnet': 10\.999\.0\.0\/24 is not a valid CIDR: '10\.999\.0\.0' is not an IPv4 or IPv6 address/, hint: /10\.20\.0\.0\/24/, line: await lineOf(d, `${SNAP}/subnets.yml`, '10.999.0.0/24') };
  } },
  { name: 'a gateway that is not an address (10.10.2.999)', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'gateway_ip: 10.10.2.1', 'gateway_ip: 10.10.2.999');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'app-subnet': gateway '10\.10\.2\.999' is not an IPv4 or IPv6 address/, line: await lineOf(d, `${SNAP}/subnets.yml`, '10.10.2.999') };
  } },
  { name: 'a DNS server that is not an address', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, '- 10.10.0.2', '- 10.10.0.256');
    return { file: `${SNAP}/subnets.yml`, message: /DNS server '10\.10\.0\.256' is not an IPv4 or IPv6 address/, line: await lineOf(d, `${SNAP}/subnets.yml`, '10.10.0.256') };
  } },
  { name: 'a server fixed IP that is not an address', async setup(d) {
    await edit(d, `${SNAP}/workloads.yml`, '- ip_address: 10.10.3.31', '- ip_address: 10.10.3.310');
    return { file: `${SNAP}/workloads.yml`, message: /server 'db-1' port 1: fixed IP '10\.10\.3\.310' is not an IPv4 or IPv6 address/, line: await lineOf(d, `${SNAP}/workloads.yml`, '10.10.3.310') };
  } },
  { name: 'an IPv6 CIDR on a subnet marked ip_version 4', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'cidr: 10.10.3.0/24', 'cidr: fd00:3::/64');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'db-subnet': ip_version is 4, but fd00:3::\/64 is an IPv6 range/, hint: /ip_version: 6/ };
  } },
  { name: 'an IPv6 gateway outside its IPv6 subnet', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'cidr: 10.10.3.0/24', 'cidr: fd00:3::/64');
    await edit(d, `${SNAP}/subnets.yml`, 'gateway_ip: 10.10.3.1', 'gateway_ip: fd00:4::1');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'db-subnet': gateway fd00:4::1 is outside fd00:3::\/64/, line: await lineOf(d, `${SNAP}/subnets.yml`, 'fd00:4::1') };
  } },
  { name: 'a CIDR prefix too long for IPv4', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'cidr: 10.10.3.0/24', 'cidr: 10.10.3.0/33');
    return { file: `${SNAP}/subnets.yml`, message: /10\.10\.3\.0\/33 is not a valid CIDR: prefix length '\/33' must be 0 to 32/ };
  } },
  { name: 'gateway outside its subnet', async setup(d) {
    await edit(d, `${SNAP}/subnets.yml`, 'gateway_ip: 10.10.2.1', 'gateway_ip: 10.10.20.1');
    return { file: `${SNAP}/subnets.yml`, message: /subnet 'app-subnet': gateway 10\.10\.20\.1 is outside 10\.10\.2\.0\/24/, line: await lineOf(d, `${SNAP}/subnets.yml`, '10.10.20.1') };
  } },
  { name: 'server fixed IP outside its subnet', async setup(d) {
    await edit(d, `${SNAP}/workloads.yml`, '- ip_address: 10.10.3.31', '- ip_address: 10.10.4.31');
    return { file: `${SNAP}/workloads.yml`, message: /server 'db-1' port 1: 10\.10\.4\.31 is outside subnet 'db-subnet' \(10\.10\.3\.0\/24\)/, line: await lineOf(d, `${SNAP}/workloads.yml`, '10.10.4.31') };
  } },
  { name: 'router interface on a subnet of another network', async setup(d) {
    await editYaml(d, `${SNAP}/router_interfaces.yml`, (doc: { resources: { params: { fixed_ips_refs: { subnet_ref: { name: string }; ip_address: string }[] } }[] }) => {
      doc.resources[0]!.params.fixed_ips_refs[0] = { ...doc.resources[0]!.params.fixed_ips_refs[0]!, subnet_ref: { name: 'db-subnet' }, ip_address: '10.10.3.1' };
    });
    return { file: `${SNAP}/router_interfaces.yml`, message: /interface of router 'acme-router': subnet 'db-subnet' belongs to network 'db-net', not 'web-net'/ };
  } },
  // duplicates
  { name: 'two networks with one name', async setup(d) {
    await edit(d, `${SNAP}/networks.yml`, '    name: db-net', '    name: app-net');
    return { file: `${SNAP}/networks.yml`, message: /duplicate network name 'app-net' \(also at line \d+\)/, line: await lineOf(d, `${SNAP}/networks.yml`, 'name: app-net', 2), hint: /by name/ };
  } },
  { name: 'the same rule twice', async setup(d) {
    await edit(d, `${SNAP}/security_group_rules.yml`, 'port_range_max: 443', 'port_range_max: 80', false);
    await edit(d, `${SNAP}/security_group_rules.yml`, 'port_range_min: 443', 'port_range_min: 80', false);
    return { file: `${SNAP}/security_group_rules.yml`, message: /duplicate security group rule web-sg:ingress:IPv4:tcp:80-80:0\.0\.0\.0\/0/ };
  } },
  { name: 'two windows with one name', async setup(d) {
    await edit(d, 'stackshift.yaml', '- name: weekend', '- name: weeknights');
    return { file: 'stackshift.yaml', message: /duplicate maintenance window name 'weeknights'/, line: await lineOf(d, 'stackshift.yaml', 'name: weeknights', 2) };
  } },
  { name: 'one MAC on two nodes', async setup(d) {
    await edit(d, 'reclaim.yaml', '52:54:00:a1:04:01', '52:54:00:A1:02:01');
    return { file: 'reclaim.yaml', message: /MAC 52:54:00:A1:02:01 is also a port of node 'compute-2'/, line: await lineOf(d, 'reclaim.yaml', '52:54:00:A1:02:01') };
  } },
  // windows
  { name: 'cron with six fields', async setup(d) {
    await edit(d, 'stackshift.yaml', '"0 22 * * 1-5"', '"0 0 22 * * 1-5"');
    return { file: 'stackshift.yaml', message: /schedule '0 0 22 \* \* 1-5' has 6 fields/, line: await lineOf(d, 'stackshift.yaml', '0 0 22') };
  } },
  { name: 'cron with an impossible hour', async setup(d) {
    await edit(d, 'stackshift.yaml', '"0 2 * * sat"', '"0 24 * * sat"');
    return { file: 'stackshift.yaml', message: /hour field '24': 24 is outside 0-23/ };
  } },
  { name: 'time zone that does not exist', async setup(d) {
    await edit(d, 'stackshift.yaml', 'timeZone: Europe/Berlin', 'timeZone: Europe/Hamburg');
    return { file: 'stackshift.yaml', message: /'Europe\/Hamburg' is not an IANA time zone/, line: await lineOf(d, 'stackshift.yaml', 'Europe/Hamburg') };
  } },
  { name: 'duration without a unit', async setup(d) {
    await edit(d, 'stackshift.yaml', 'duration: 6h', 'duration: 6');
    return { file: 'stackshift.yaml', message: /duration must be a string|duration "6" is not in the expected format/ };
  } },
  // reclaim
  { name: 'BMC with two password references', async setup(d) {
    await edit(d, 'reclaim.yaml', '      passwordEnv: STACKSHIFT_BMC_COMPUTE4_PASSWORD', '      passwordEnv: STACKSHIFT_BMC_COMPUTE4_PASSWORD\n      passwordFile: /etc/bmc4');
    return { file: 'reclaim.yaml', message: /node 'compute-4': the BMC needs exactly one of passwordFile or passwordEnv \(found both\)/ };
  } },
  { name: 'node deployed without a scale-out hook', async setup(d) {
    await edit(d, 'reclaim.yaml', 'stage: available', 'stage: deployed');
    return { file: 'reclaim.yaml', message: /node 'compute-2' goes to stage deployed but names no scaleOutHook/, line: await lineOf(d, 'reclaim.yaml', 'stage: deployed') };
  } },
  // hostile files
  { name: 'YAML alias bomb', async setup(d) {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    await writeFile(join(d, 'reclaim.yaml'), `${levels.join('\n')}\n`);
    return { file: 'reclaim.yaml', message: /YAML cannot be expanded: Excessive alias count/, hint: /at most 100/ };
  } },
  { name: 'brackets nested thirty thousand deep', async setup(d) {
    await writeFile(join(d, 'reclaim.yaml'), `version: 1\nnodes: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n`);
    return { file: 'reclaim.yaml', message: /^YAML nests too deeply to read$/, line: 2 };
  } },
  { name: 'file of tens of MB', async setup(d) {
    await writeFile(join(d, SNAP, 'images.yml'), Buffer.alloc(24 * 1024 * 1024, 0x20));
    return { file: `${SNAP}/images.yml`, message: /is 24\.0 MiB; files over 8 MiB are refused/, line: 1 };
  } },
  { name: 'invalid UTF-8', async setup(d) {
    await edit(d, `${SNAP}/networks.yml`, 'Application tier', 'Application tier \udc80');
    const { readFile } = await import('node:fs/promises');
    const bytes = Buffer.from(await readFile(join(d, SNAP, 'networks.yml'), 'utf8'), 'utf8');
    // Replace the U+FFFD that Node wrote for the lone surrogate by a bare continuation byte.
    const at = bytes.indexOf(Buffer.from('\ufffd', 'utf8'));
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0x80]), bytes.subarray(at + 3)]);
    await writeFile(join(d, SNAP, 'networks.yml'), broken);
    return { file: `${SNAP}/networks.yml`, message: /not valid UTF-8 \(first bad byte at offset \d+\)/, line: await lineOf(d, `${SNAP}/networks.yml`, 'Application tier') };
  } },
  { name: 'symlink pointing outside the repository', async setup(d) {
    await rm(join(d, SNAP, 'flavors.yml'));
    await symlink('/etc/passwd', join(d, SNAP, 'flavors.yml'));
    return { file: `${SNAP}/flavors.yml`, message: /symbolic link that points outside the repository/ };
  } },
  { name: 'dangling symlink', async setup(d) {
    await rm(join(d, 'reclaim.yaml'));
    await symlink('../nowhere/reclaim.yaml', join(d, 'reclaim.yaml'));
    return { file: 'reclaim.yaml', message: /symbolic link that points outside the repository \(or nowhere\)/ };
  } },
  { name: 'directory where a file should be', async setup(d) {
    await rm(join(d, 'workloads.yaml'));
    await mkdir(join(d, 'workloads.yaml'));
    return { file: 'workloads.yaml', message: /is a directory, but a file is expected here/ };
  } },
  { name: 'empty file', async setup(d) {
    await writeFile(join(d, SNAP, 'keypairs.yml'), '');
    return { file: `${SNAP}/keypairs.yml`, message: /file is empty/, line: 1 };
  } },
  { name: 'unknown file in snapshots/', async setup(d) {
    await writeFile(join(d, SNAP, 'ports.yml'), 'os_migrate_version: 1.0.5\nresources: []\n');
    return { file: `${SNAP}/ports.yml`, message: /is not a snapshot file stackshift knows/, hint: /networks\.yml/ };
  } },
  { name: 'stackshift.yaml missing', async setup(d) {
    await rm(join(d, 'stackshift.yaml'));
    return { file: 'stackshift.yaml', message: /is missing/ };
  } },
  { name: 'stackshift.yml instead of stackshift.yaml', async setup(d) {
    const { rename } = await import('node:fs/promises');
    await rename(join(d, 'stackshift.yaml'), join(d, 'stackshift.yml'));
    return { file: 'stackshift.yml', message: /is not read by stackshift/, hint: /rename it to stackshift\.yaml/ };
  } },
];

describe('bad-input corpus: every broken repository is rejected precisely', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });
  it('has at least 30 cases', () => {
    assert.ok(cases.length >= 30, `only ${cases.length} cases`);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const dir = await copyExample();
      dirs.push(dir);
      const expected = await c.setup(dir);
      const { code, problems } = await validateJson(dir);
      assert.equal(code, 1, `exit code for ${c.name}`);
      const match = problems.find((p) => p.file === expected.file && expected.message.test(p.message));
      assert.ok(match, `no problem in ${expected.file} matching ${expected.message}; got:\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`);
      if (expected.line !== undefined) assert.equal(match.line, expected.line, `line of: ${match.message}`);
      if (expected.hint) assert.match(match.hint ?? '', expected.hint);
      assert.doesNotMatch(JSON.stringify(problems), /PRIVATE KEY|b3BlbnNzaC1rZXk|hunter2|Tr0ub4dor/, 'secrets are never echoed');
      for (const p of problems) {
        assert.ok(p.line >= 1 && p.column >= 1, `position of ${p.file}: ${p.message}`);
        assert.doesNotMatch(p.message, /\n\s+at /, 'no stack trace in messages');
      }
    });
  }
});

describe('the example repository', () => {
  let dir = '';
  before(async () => {
    dir = await copyExample();
  });
  after(async () => removeDir(dir));
  it('is valid', async () => {
    const { code, problems } = await validateJson(dir);
    assert.deepEqual(problems, []);
    assert.equal(code, 0);
  });
});
