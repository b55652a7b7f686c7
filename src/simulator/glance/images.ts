/**
 * /v2/images: create (queued), list with filters, sorting and `next`/`first` links, show, JSON-patch
 * update (application/openstack-images-v2.1-json-patch), delete (403 when protected), tags.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, Reply, RouteTable } from '../core/router.js';
import { CONTAINER_FORMATS, CORE, DISK_FORMATS, READ_ONLY, VISIBILITIES, imageView, images, newImage, touchImage, type Image } from './model.js';
import { removeImageData } from './data.js';

const isAdmin = (ctx: RequestContext) => ctx.auth!.roles.includes('admin');
export const imageNotFound = (id: string) => new ApiError(404, `No image found with ID ${id}`);

/** Glance's visibility rule: own, public, community, and shared (membership is not modelled: own only). */
function canSee(ctx: RequestContext, i: Image): boolean {
  return isAdmin(ctx) || i.owner === ctx.auth!.projectId || i.visibility === 'public' || i.visibility === 'community';
}

export function findImage(ctx: RequestContext, id: string): Image {
  const image = images(ctx.cloud).get(id);
  if (!image || !canSee(ctx, image)) throw imageNotFound(id);
  ctx.cloud.progression.observe('image', id);
  return image;
}

function schemaError(field: string, detail: string): ApiError {
  return new ApiError(400, `Provided object does not match schema 'image': ${detail}\n\nFailed validating in schema['properties']['${field}']`);
}

/** Sets one attribute with Glance's validation (used by POST and by PATCH add/replace). */
export function setAttribute(ctx: RequestContext | undefined, image: Image, key: string, value: unknown): void {
  if (READ_ONLY.includes(key)) throw new ApiError(403, `Attribute '${key}' is read-only.`);
  switch (key) {
    case 'name':
      if (value !== null && typeof value !== 'string') throw schemaError(key, `${JSON.stringify(value)} is not of type 'null', 'string'`);
      image.name = value;
      return;
    case 'disk_format':
    case 'container_format': {
      const allowed: readonly (string | null)[] = key === 'disk_format' ? DISK_FORMATS : CONTAINER_FORMATS;
      if (!allowed.includes(value as string | null)) {
        throw schemaError(key, `'${String(value)}' is not one of [${allowed.map((v) => (v === null ? 'None' : `'${v}'`)).join(', ')}]`);
      }
      if (image.status !== 'queued' && image[key] !== value) throw new ApiError(403, `Attribute ${key} can be only replaced for a queued image.`);
      image[key] = value as string | null;
      return;
    }
    case 'visibility':
      if (!VISIBILITIES.includes(value as Image['visibility'])) throw schemaError(key, `'${String(value)}' is not one of ['community', 'public', 'private', 'shared']`);
      if (value === 'public' && ctx && !isAdmin(ctx)) throw new ApiError(403, 'You are not authorized to complete publicize_image action.');
      image.visibility = value as Image['visibility'];
      return;
    case 'protected':
    case 'os_hidden':
      if (typeof value !== 'boolean') throw schemaError(key, `${JSON.stringify(value)} is not of type 'boolean'`);
      image[key] = value;
      return;
    case 'min_ram':
    case 'min_disk':
      if (!Number.isInteger(value) || (value as number) < 0) throw schemaError(key, `${JSON.stringify(value)} is not a non-negative integer`);
      image[key] = value as number;
      return;
    case 'tags':
      if (!Array.isArray(value)) throw schemaError(key, `${JSON.stringify(value)} is not of type 'array'`);
      image.tags = [...new Set(value.map(String))];
      return;
    default:
      if (typeof value !== 'string') throw schemaError(key, `${JSON.stringify(value)} is not of type 'string'`);
      image.properties[key] = value;
  }
}

function create(ctx: RequestContext): Reply {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'Body expected in request.');
  const id = body.id;
  if (id !== undefined && (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))) throw schemaError('id', `'${String(id)}' does not match the uuid pattern`);
  if (typeof id === 'string' && images(ctx.cloud).has(id)) throw new ApiError(409, `Image with identifier ${id} already exists!`);
  const owner = isAdmin(ctx) && typeof body.owner === 'string' ? body.owner : ctx.auth!.projectId;
  const image = newImage(ctx.cloud, owner, id as string | undefined);
  for (const [key, value] of Object.entries(body)) if (key !== 'id' && key !== 'owner') setAttribute(ctx, image, key, value);
  images(ctx.cloud).put(image);
  return { status: 201, body: imageView(image), headers: { location: `${ctx.origin}/v2/images/${image.id}` } };
}

const SORTABLE = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at', 'min_disk', 'min_ram', 'visibility', 'owner'];

function list(ctx: RequestContext): Reply {
  const q = ctx.query;
  let items = images(ctx.cloud).values().filter((i) => canSee(ctx, i));
  for (const i of items) ctx.cloud.progression.observe('image', i.id);
  const eq = (key: keyof Image | string, get: (i: Image) => unknown) => {
    const want = q.get(key as string);
    if (want !== null) items = items.filter((i) => String(get(i)) === want.replace(/^eq:/, ''));
  };
  eq('name', (i) => i.name);
  eq('status', (i) => i.status);
  eq('owner', (i) => i.owner);
  eq('disk_format', (i) => i.disk_format);
  eq('container_format', (i) => i.container_format);
  eq('protected', (i) => i.protected);
  const visibility = q.get('visibility');
  if (visibility === null) items = items.filter((i) => i.visibility !== 'community' || i.owner === ctx.auth!.projectId);
  else if (visibility !== 'all') items = items.filter((i) => i.visibility === visibility);
  const hidden = q.get('os_hidden') === 'true';
  items = items.filter((i) => i.os_hidden === hidden);
  for (const tag of q.getAll('tag')) items = items.filter((i) => i.tags.includes(tag));
  for (const [key, value] of q) {
    if (!CORE.includes(key) && !['limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'tag', 'member_status', 'size_min', 'size_max', 'visibility'].includes(key)) {
      items = items.filter((i) => i.properties[key] === value);
    }
  }
  if (q.get('size_min') !== null) items = items.filter((i) => (i.size ?? -1) >= Number(q.get('size_min')));
  if (q.get('size_max') !== null) items = items.filter((i) => i.size !== null && i.size <= Number(q.get('size_max')));
  const sortKey = q.get('sort_key') ?? 'created_at';
  const sortDir = q.get('sort_dir') ?? 'desc';
  if (!SORTABLE.includes(sortKey)) throw new ApiError(400, `Invalid sort key: ${sortKey}. It must be one of the following: ${SORTABLE.join(', ')}.`);
  if (sortDir !== 'asc' && sortDir !== 'desc') throw new ApiError(400, `Invalid sort direction: ${sortDir}`);
  // Newest first by default, as Glance lists; ties are broken by id in the same direction.
  const indexed = items.map((i) => ({ i }));
  indexed.sort((a, b) => {
    const x = (a.i as unknown as Record<string, unknown>)[sortKey] as string | number | null;
    const y = (b.i as unknown as Record<string, unknown>)[sortKey] as string | number | null;
    const c = x === y ? (a.i.id < b.i.id ? -1 : a.i.id > b.i.id ? 1 : 0) : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return sortDir === 'asc' ? c : -c;
  });
  items = indexed.map((e) => e.i);
  const limitText = q.get('limit');
  const limit = limitText === null ? 25 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw new ApiError(400, 'limit param must be an integer');
  let start = 0;
  const marker = q.get('marker');
  if (marker !== null) {
    start = items.findIndex((i) => i.id === marker) + 1;
    if (start === 0) throw new ApiError(400, `Invalid marker. Image ${marker} could not be found.`);
  }
  const page = items.slice(start, start + limit);
  const firstQuery = new URLSearchParams(q);
  firstQuery.delete('marker');
  const body: Record<string, unknown> = {
    images: page.map(imageView),
    first: `/v2/images${firstQuery.size ? `?${firstQuery.toString()}` : ''}`,
    schema: '/v2/schemas/images',
  };
  if (page.length === limit && page.length > 0) {
    const next = new URLSearchParams(q);
    next.set('marker', page[page.length - 1]!.id);
    body.next = `/v2/images?${next.toString()}`;
  }
  return { status: 200, body };
}

function patch(ctx: RequestContext): Reply {
  const type = String(ctx.headers['content-type'] ?? '');
  if (!/^application\/openstack-images-v2\.[01]-json-patch/.test(type)) {
    throw new ApiError(415, `Unsupported Content-Type`, { headers: { 'accept-patch': 'application/openstack-images-v2.1-json-patch' } });
  }
  const image = findImage(ctx, ctx.params.id!);
  if (image.owner !== ctx.auth!.projectId && !isAdmin(ctx)) throw new ApiError(403, 'You are not permitted to modify this image.');
  const ops = ctx.body;
  if (!Array.isArray(ops)) throw new ApiError(400, 'Request body must be a JSON array of operation objects.');
  for (const op of ops as { op?: string; path?: string; value?: unknown }[]) {
    const key = typeof op?.path === 'string' ? op.path.replace(/^\//, '').replaceAll('~1', '/').replaceAll('~0', '~') : '';
    if (!key || key.includes('/')) throw new ApiError(400, `Invalid JSON pointer for this resource: '${String(op?.path)}'`);
    if (op.op === 'add' || op.op === 'replace') {
      if (op.op === 'replace' && !CORE.includes(key) && !(key in image.properties)) throw new ApiError(409, `Property ${key} does not exist.`);
      setAttribute(ctx, image, key, op.value);
    } else if (op.op === 'remove') {
      if (READ_ONLY.includes(key) || CORE.includes(key)) throw new ApiError(403, `Attribute '${key}' is read-only.`);
      if (!(key in image.properties)) throw new ApiError(409, `Property ${key} does not exist.`);
      delete image.properties[key];
    } else throw new ApiError(400, `Operation objects must contain exactly one member named "add", "remove", or "replace".`);
  }
  touchImage(ctx.cloud, image);
  return { status: 200, body: imageView(image) };
}

export function imageRoutes(t: RouteTable): void {
  t.post('/v2/images', create);
  t.get('/v2/images', list);
  t.get('/v2/images/{id}', (ctx) => ({ status: 200, body: imageView(findImage(ctx, ctx.params.id!)) }));
  t.patch('/v2/images/{id}', patch);
  t.delete('/v2/images/{id}', (ctx) => {
    const image = findImage(ctx, ctx.params.id!);
    if (image.owner !== ctx.auth!.projectId && !isAdmin(ctx)) throw new ApiError(403, 'You are not permitted to delete this image.');
    if (image.protected) throw new ApiError(403, `Image ${image.id} is protected and cannot be deleted.`);
    images(ctx.cloud).delete(image.id);
    ctx.cloud.progression.cancel('image', image.id);
    removeImageData(ctx.cloud, image.id);
    return { status: 204, headers: { 'content-type': 'text/html; charset=UTF-8' } };
  });
  t.put('/v2/images/{id}/tags/{tag}', (ctx) => {
    const image = findImage(ctx, ctx.params.id!);
    if (!image.tags.includes(ctx.params.tag!)) image.tags.push(ctx.params.tag!);
    touchImage(ctx.cloud, image);
    return { status: 204 };
  });
  t.delete('/v2/images/{id}/tags/{tag}', (ctx) => {
    const image = findImage(ctx, ctx.params.id!);
    if (!image.tags.includes(ctx.params.tag!)) throw new ApiError(404, `Tag ${ctx.params.tag!} not found for image ${image.id}`);
    image.tags = image.tags.filter((x) => x !== ctx.params.tag);
    touchImage(ctx.cloud, image);
    return { status: 204 };
  });
}
