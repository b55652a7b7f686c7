/**
 * os-keypairs: per-user keypairs, imported (fingerprint computed) or generated (< 2.92, the
 * private key returned once). Admins may act for another user with ?user_id= (≥ 2.10).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import type { Keypair } from './model.js';
import { fingerprint, generateSshKeypair } from './sshKeys.js';
import { bodyObject, isAdmin, keypairs, nextNumber, now, viewContext } from './store.js';
import { keypairView } from './views.js';

const NAME = /^[a-zA-Z0-9 _.@-]{1,255}$/;

function targetUser(ctx: RequestContext, fromBody?: unknown): string {
  const requested = (typeof fromBody === 'string' ? fromBody : undefined) ?? ctx.query.get('user_id') ?? undefined;
  if (requested && requested !== ctx.auth?.userId) {
    if (!isAdmin(ctx) || !atLeast(ctx.microversion, '2.10')) throw new ApiError(403, `Policy doesn't allow os_compute_api:os-keypairs:index to be performed.`);
    return requested;
  }
  return ctx.auth?.userId ?? '';
}

function findKeypair(ctx: RequestContext, name: string): Keypair {
  const user = targetUser(ctx);
  const k = keypairs(ctx.cloud).get(`${user}/${name}`);
  if (!k) throw new ApiError(404, `Keypair ${name} not found for user ${user}`);
  return k;
}

export function keypairRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/os-keypairs`, (ctx) => {
    const user = targetUser(ctx);
    const view = viewContext(ctx);
    const mine = keypairs(ctx.cloud).filter((k) => k.userId === user).map((k) => ({ ...k, id: k.name, key: k.id }));
    const page = atLeast(ctx.microversion, '2.35') ? paginate(mine, ctx.query) : { items: mine, nextMarker: undefined };
    const body: Record<string, unknown> = {
      keypairs: page.items.map((k) => ({ keypair: keypairView(view, keypairs(ctx.cloud).get(k.key)!, false) })),
    };
    if (page.nextMarker) body.keypairs_links = [{ href: `${view.baseUrl}/os-keypairs?limit=${ctx.query.get('limit')}&marker=${encodeURIComponent(page.nextMarker)}`, rel: 'next' }];
    return json(200, body);
  });
  t.get(`${p}/os-keypairs/{keypair_name}`, (ctx) => json(200, { keypair: keypairView(viewContext(ctx), findKeypair(ctx, ctx.params.keypair_name!), true) }));
  t.delete(`${p}/os-keypairs/{keypair_name}`, (ctx) => {
    const k = findKeypair(ctx, ctx.params.keypair_name!);
    keypairs(ctx.cloud).delete(k.id);
    return { status: atLeast(ctx.microversion, '2.2') ? 204 : 202 };
  });
  t.post(`${p}/os-keypairs`, createKeypair);
}

function createKeypair(ctx: RequestContext) {
  const body = bodyObject(ctx, 'keypair');
  const name = body.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ApiError(400, `Invalid input for field/attribute name. Value: ${JSON.stringify(name ?? null)}. Keypair data is invalid: Keypair name contains unsafe characters`);
  }
  const type = body.type === undefined ? 'ssh' : body.type;
  if (type !== 'ssh' && type !== 'x509') throw new ApiError(400, `Invalid input for field/attribute type. Value: ${JSON.stringify(type)}.`);
  const user = targetUser(ctx, body.user_id);
  const all = keypairs(ctx.cloud);
  let publicKey = body.public_key;
  let privateKey: string | undefined;
  if (publicKey === undefined) {
    if (atLeast(ctx.microversion, '2.92')) throw new ApiError(400, "Invalid input for field/attribute keypair. Value: {...}. 'public_key' is a required property");
    const generated = generateSshKeypair(`Generated-by-Nova`);
    publicKey = generated.publicKey;
    privateKey = generated.privateKey;
  }
  if (typeof publicKey !== 'string') throw new ApiError(400, 'Keypair data is invalid: failed to generate fingerprint');
  const fp = fingerprint(publicKey);
  if (!fp) throw new ApiError(400, 'Keypair data is invalid: failed to generate fingerprint');
  const used = all.filter((k) => k.userId === user).length;
  if (!ctx.cloud.quotas.allows(ctx.auth?.projectId ?? '', 'key_pairs', used)) throw new ApiError(403, 'Quota exceeded, too many key pairs.');
  if (all.has(`${user}/${name}`)) throw new ApiError(409, `Key pair '${name}' already exists.`);
  // Nova stores the key as given, trailing newline included (checked against Zed).
  const keypair: Keypair = { id: `${user}/${name}`, name, userId: user, publicKey, fingerprint: fp, type, createdAt: now(ctx.cloud), numericId: nextNumber(ctx.cloud, 'keypair') };
  all.put(keypair);
  const view = { ...keypairView(viewContext(ctx), keypair, false), user_id: user } as Record<string, unknown>;
  if (privateKey) view.private_key = privateKey;
  return json(atLeast(ctx.microversion, '2.2') ? 201 : 200, { keypair: view });
}
