/**
 * What `stackshift history THING` is about, as a test on stream names. People name things the
 * way they think of them, so the natural short forms are accepted:
 *
 *   workload:web-1  server:web-1  server/web-1           →  workload:web-1
 *   node:compute-2  host:compute-2  hypervisor:compute-2  →  node:compute-2
 *   volume:data-1                                         →  volume:data-1
 *   network/net-a  networks/net-a  security-group/web     →  resource:network/net-a …
 *   resource:network/net-a                                →  exactly that stream
 *   commit:1a2b3c                                         →  the passes of that commit
 *   web-1                                                 →  any workload, volume, node or
 *                                                            resource of that name
 */
import { UsageError } from '../errors.js';
import type { ResourceKind } from '../desired/model.js';

export interface StreamQuery {
  /** The query as the streams it means, for messages. */
  readonly described: string;
  matches(stream: string): boolean;
}

const resourceKinds: readonly ResourceKind[] = [
  'network', 'subnet', 'router', 'router_interface', 'security_group', 'security_group_rule', 'image', 'flavor', 'keypair', 'volume', 'server',
];

const aliases: Record<string, 'workload' | 'node' | 'volume' | 'commit'> = {
  workload: 'workload', server: 'workload', vm: 'workload', instance: 'workload',
  node: 'node', host: 'node', hypervisor: 'node', compute: 'node',
  volume: 'volume', commit: 'commit',
};

function resourceKind(word: string): ResourceKind | undefined {
  const k = word.toLowerCase().replace(/-/g, '_');
  return resourceKinds.find((kind) => kind === k || `${kind}s` === k);
}

const exact = (stream: string): StreamQuery => ({ described: stream, matches: (s) => s === stream });

export function parseStreamQuery(text: string): StreamQuery {
  const thing = text.trim();
  if (!thing) throw new UsageError('history needs a workload, node or resource', 'e.g. stackshift history workload:web-1');
  if (thing.startsWith('resource:')) return exact(thing);
  const colon = /^([A-Za-z_-]+):(.+)$/.exec(thing);
  const alias = colon ? aliases[colon[1]!.toLowerCase()] : undefined;
  if (colon && alias) {
    const name = colon[2]!;
    if (alias === 'commit') return { described: `commit:${name}…`, matches: (s) => s.startsWith(`commit:${name}`) };
    return alias === 'volume' ? either(`volume:${name}`, `resource:volume/${name}`) : exact(`${alias}:${name}`);
  }
  const slash = thing.indexOf('/');
  if (slash > 0) {
    const word = thing.slice(0, slash);
    const name = thing.slice(slash + 1);
    const short = aliases[word.toLowerCase()] ?? aliases[word.toLowerCase().replace(/s$/, '')];
    if (short === 'workload' || short === 'node') return exact(`${short}:${name}`);
    const kind = resourceKind(word);
    if (kind === 'volume') return either(`volume:${name}`, `resource:volume/${name}`);
    if (kind) return exact(`resource:${kind}/${name}`);
    throw new UsageError(`'${word}' is not a kind stackshift knows`, `one of: workload, node, volume, ${resourceKinds.filter((k) => k !== 'volume' && k !== 'server').join(', ')}`);
  }
  if (colon) throw new UsageError(`'${colon[1]}:' is not a kind of stream`, 'use workload:NAME, node:HOST, volume:NAME, KIND/NAME or resource:KIND/NAME');
  return {
    described: `anything named ${thing}`,
    matches: (s) => s === `workload:${thing}` || s === `volume:${thing}` || s === `node:${thing}` || (s.startsWith('resource:') && s.endsWith(`/${thing}`) && s.indexOf('/') === s.length - thing.length - 1),
  };
}

function either(a: string, b: string): StreamQuery {
  return { described: `${a} or ${b}`, matches: (s) => s === a || s === b };
}
