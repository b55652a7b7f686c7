/**
 * Step executors for images. The record carries `stackshift_managed: 'true'`; the data is
 * streamed from the source image (found by the ID the plan recorded, or by name). An image
 * record without data (a crash between create and upload) is found again and filled.
 */
import { codes, StackshiftError } from '../../errors.js';
import { IMAGE_MARKER_PROPERTY } from '../../resources/common.js';
import type { Spec } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import { deleteIgnoringAbsent, type StepContext, type StepOutcome } from './context.js';
import { copyImageData, type ImageIdentity } from './imageStream.js';

interface GlanceImage {
  id: string;
  status: string;
  protected?: boolean;
  [k: string]: unknown;
}

async function findManaged(ctx: StepContext, name: string): Promise<GlanceImage | undefined> {
  const res = await ctx.destination.request<{ images: GlanceImage[] }>({ service: 'image', method: 'GET', path: '/images', query: { name, owner: ctx.projectId } });
  return res.body.images.find((i) => i[IMAGE_MARKER_PROPERTY] === 'true');
}

async function sourceImageId(ctx: StepContext, spec: Spec): Promise<string> {
  if (typeof spec.source_id === 'string') return spec.source_id;
  const res = await ctx.source.request<{ images: GlanceImage[] }>({ service: 'image', method: 'GET', path: '/images', query: { name: String(spec.name) } });
  const found = res.body.images[0];
  if (!found) {
    throw new StackshiftError(codes.NOT_FOUND, `image '${String(spec.name)}' is not in the source cloud, so its data cannot be copied`, {
      hint: 'check the image still exists in the source project (or export again), or remove it from snapshots/images.yml',
    });
  }
  return found.id;
}

async function upload(step: Step, ctx: StepContext, destinationId: string): Promise<StepOutcome['also']> {
  const spec = step.spec as Spec;
  const expected = (spec.data as ImageIdentity | undefined) ?? {};
  const sourceId = await sourceImageId(ctx, spec);
  const copied = await copyImageData(ctx.source, ctx.destination, { name: step.key, sourceId, destinationId, expected, ...(ctx.onBytes ? { onBytes: ctx.onBytes } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
  return [{ type: 'ImageDataCopied', data: { kind: 'image', key: step.key, id: destinationId, sourceId, bytes: copied.size, ...copied } }];
}

export async function createImage(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const s = step.spec as Spec;
  let image = await findManaged(ctx, String(s.name));
  const found = image !== undefined;
  if (!image) {
    const body = {
      ...(s.properties as Record<string, string>),
      name: s.name, disk_format: s.disk_format, container_format: s.container_format,
      min_disk: s.min_disk, min_ram: s.min_ram, visibility: s.visibility, protected: s.protected,
      ...(Array.isArray(s.tags) && s.tags.length > 0 ? { tags: s.tags } : {}),
      [IMAGE_MARKER_PROPERTY]: 'true',
    };
    image = (await ctx.destination.request<GlanceImage>({ service: 'image', method: 'POST', path: '/images', body, expect: [201] })).body;
  }
  const also = image.status === 'active' ? [] : await upload(step, ctx, image.id);
  return { type: 'ResourceCreated', id: image.id, ...(found ? { found } : {}), ...(also && also.length > 0 ? { also } : {}) };
}

export async function updateImage(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const s = step.spec as Spec;
  const id = step.targetId as string;
  const ops: { op: string; path: string; value: unknown }[] = [];
  for (const field of step.fields ?? []) {
    if (field === 'data') continue;
    const [name, value] = field.startsWith('properties.') ? [field.slice('properties.'.length), (s.properties as Record<string, string>)[field.slice('properties.'.length)]] : [field, s[field]];
    // Tags are one list that replaces the old one; other fields are set (added or replaced).
    ops.push({ op: name === 'tags' ? 'replace' : 'add', path: `/${name}`, value });
  }
  if (ops.length > 0) {
    await ctx.destination.request({ service: 'image', method: 'PATCH', path: `/images/${id}`, body: JSON.stringify(ops), headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } });
  }
  const also = step.fields?.includes('data') ? await upload(step, ctx, id) : undefined;
  return { type: 'ResourceUpdated', id, ...(also ? { also } : {}) };
}

/** policy.adopt: the same-named image gets the marker property. */
export async function adoptImage(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  const ops = [{ op: 'add', path: `/${IMAGE_MARKER_PROPERTY}`, value: 'true' }];
  await ctx.destination.request({ service: 'image', method: 'PATCH', path: `/images/${id}`, body: JSON.stringify(ops), headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } });
  return { type: 'ResourceUpdated', id };
}

export async function deleteImage(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  await deleteIgnoringAbsent(async () => {
    if (step.spec?.protected === true) {
      const ops = JSON.stringify([{ op: 'replace', path: '/protected', value: false }]);
      await ctx.destination.request({ service: 'image', method: 'PATCH', path: `/images/${id}`, body: ops, headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } });
    }
    await ctx.destination.request({ service: 'image', method: 'DELETE', path: `/images/${id}` });
  });
  return { type: 'ResourceDeleted', id };
}
