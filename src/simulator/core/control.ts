/**
 * The control endpoint (moto's /moto-api): lets a test that runs `stackshift sim` in another
 * process turn the knobs over loopback HTTP. JSON in, JSON out, no auth (loopback only).
 *   POST   /{cloud}/faults                  FaultSpec; `route: "re:<regex>"` for a RegExp → 201 {id}
 *   DELETE /{cloud}/faults[/{id}]           remove one rule, or all
 *   PUT    /{cloud}/progression/{kind}      {type:'immediate'} | {type:'polls',polls} | {type:'time',ms}
 *   POST   /{cloud}/progression/{kind}/fail {state, message?, count?}
 *   POST   /{cloud}/progression/{kind}/stall {state, count?}: the next run(s) stop in `state`
 *   PUT    /{cloud}/tokens                  {lifetimeSeconds}
 *   POST   /{cloud}/reset                   back to the scenario
 *   POST   /{cloud}/hosts                   {name, vcpus, memory_mb, disk_gb, zone?}: a compute host joins
 *                                           (what a deployment tool's scale-out of a reclaimed node does)
 *   POST   /{cloud}/hosts/{name}/restart    nova-compute starts again there: up, and its evacuations
 *                                           cleaned up (source allocations dropped, migrations completed)
 *   GET    /{cloud}/state                   record counts per kind
 *   POST   /clock/advance                   {ms} — only with a manual clock (409 otherwise)
 * {cloud} is `source` or `destination`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimClock } from './clock.js';
import type { CloudName, SimCloud } from './cloud.js';
import type { FaultHandle, FaultSpec } from './faults.js';
import type { ProgressionMode } from './progression.js';
import { addComputeHost, restartCompute } from '../nova/computeHosts.js';
import { computeServices } from '../nova/store.js';

export interface ControlListener {
  url: string;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function listenControl(clouds: Record<CloudName, SimCloud>, clock: SimClock): Promise<ControlListener> {
  const handles = new Map<string, FaultHandle>();
  const server = createServer((req, res) => {
    handle(req, clouds, clock, handles).then(
      ([status, body]) => reply(res, status, body),
      (err: unknown) => reply(res, 400, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text ? (JSON.parse(text) as Json) : {};
}

async function handle(req: IncomingMessage, clouds: Record<CloudName, SimCloud>, clock: SimClock, handles: Map<string, FaultHandle>): Promise<[number, unknown]> {
  const parts = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'DELETE' ? {} : await readBody(req);
  if (parts.length === 0) return [200, { clouds: Object.keys(clouds) }];
  if (parts[0] === 'clock' && parts[1] === 'advance' && method === 'POST') {
    const advance = (clock as { advance?: (ms: number) => void }).advance;
    if (!advance) return [409, { error: 'the simulator runs on the wall clock; start it with a manual clock to advance time' }];
    advance(Number(body.ms ?? 0));
    return [204, undefined];
  }
  const cloud = clouds[parts[0] as CloudName];
  if (!cloud) return [404, { error: `no cloud '${parts[0]}': use source or destination` }];
  const [, what, arg, extra] = parts;
  if (what === 'faults' && method === 'POST') {
    const spec = { ...body } as FaultSpec & { route?: string | RegExp };
    if (typeof spec.route === 'string' && spec.route.startsWith('re:')) spec.route = new RegExp(spec.route.slice(3));
    const h = cloud.faults.inject(spec);
    handles.set(`${cloud.name}/${h.id}`, h);
    return [201, { id: h.id }];
  }
  if (what === 'faults' && method === 'DELETE') {
    if (arg === undefined) {
      cloud.faults.clear();
      return [204, undefined];
    }
    const h = handles.get(`${cloud.name}/${arg}`);
    if (!h) return [404, { error: `no fault rule ${arg}` }];
    h.remove();
    handles.delete(`${cloud.name}/${arg}`);
    return [204, undefined];
  }
  if (what === 'faults' && method === 'GET' && arg !== undefined) {
    const h = handles.get(`${cloud.name}/${arg}`);
    return h ? [200, { id: h.id, hits: h.hits }] : [404, { error: `no fault rule ${arg}` }];
  }
  if (what === 'progression' && arg && method === 'PUT' && extra === undefined) {
    cloud.progression.set(arg, body as unknown as ProgressionMode);
    return [204, undefined];
  }
  if (what === 'progression' && arg && extra === 'fail' && method === 'POST') {
    cloud.progression.failNext(arg, String(body.state ?? 'ERROR'), typeof body.message === 'string' ? body.message : undefined, Number(body.count ?? 1));
    return [204, undefined];
  }
  if (what === 'progression' && arg && extra === 'stall' && method === 'POST') {
    if (typeof body.state !== 'string') return [400, { error: 'a stall names the state it stops in' }];
    cloud.progression.stallNext(arg, body.state, Number(body.count ?? 1));
    return [204, undefined];
  }
  if (what === 'tokens' && method === 'PUT') {
    cloud.tokens.lifetimeMs = Number(body.lifetimeSeconds) * 1000;
    return [204, undefined];
  }
  if (what === 'reset' && method === 'POST') {
    await cloud.reset();
    return [204, undefined];
  }
  if (what === 'state' && method === 'GET') return [200, cloud.state.counts()];
  if (what === 'hosts' && arg && extra === 'restart' && method === 'POST') {
    if (!computeServices(cloud).get(arg)) return [404, { error: `no compute host ${arg}` }];
    restartCompute(cloud, arg);
    return [204, undefined];
  }
  if (what === 'hosts' && method === 'POST') {
    if (typeof body.name !== 'string' || !body.name) return [400, { error: 'a host needs a name' }];
    addComputeHost(cloud, { name: body.name, vcpus: Number(body.vcpus ?? 32), memory_mb: Number(body.memory_mb ?? 131072), disk_gb: Number(body.disk_gb ?? 1000), ...(typeof body.zone === 'string' ? { zone: body.zone } : {}) });
    return [201, { name: body.name }];
  }
  return [404, { error: `unknown control request ${method} ${req.url ?? ''}` }];
}
