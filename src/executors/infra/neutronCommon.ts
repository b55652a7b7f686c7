/** Neutron helpers: find by name + marker tag in our project, and make sure tags are set. */
import { MARKER_TAG } from '../../resources/common.js';
import type { Step } from '../../plan/model.js';
import { httpStatus, type StepContext, type StepOutcome } from './context.js';

/**
 * The ID of the one resource in our project with this name and the stackshift tag, if any. Not
 * asked on a step's first attempt: the plan's observation just showed none (see StepContext.attempt).
 */
export async function findMarked(ctx: StepContext, collection: string, name: string): Promise<string | undefined> {
  if (ctx.attempt === 1) return undefined;
  const res = await ctx.destination.request<Record<string, { id: string }[]>>({
    service: 'network', method: 'GET', path: `/${collection}`, query: { name, project_id: ctx.projectId, tags: MARKER_TAG },
  });
  return res.body[collection]?.[0]?.id;
}

/**
 * Sets the tags when the create answer does not carry them (an older Neutron ignores tags on
 * create), or always when `force` (an update of the tags).
 */
export async function ensureTags(ctx: StepContext, collection: string, id: string, have: string[] | undefined, want: string[], force = false): Promise<void> {
  if (!force && have?.includes(MARKER_TAG)) return;
  await ctx.destination.request({ service: 'network', method: 'PUT', path: `/${collection}/${id}/tags`, body: { tags: want } });
}

/**
 * Destinations whose Neutron refused `tags` in a POST (before the tag-creation extension, e.g.
 * Zed): their later creates leave the tags out at once instead of paying for a refused POST each.
 */
const refusesTagsOnCreate = new WeakSet<object>();

/**
 * Creates a Neutron resource with the marker in the body; a Neutron without tag-on-create
 * support refuses `tags` (400), so it is created without and tagged right after.
 */
export async function createTagged(ctx: StepContext, collection: string, kind: string, body: Record<string, unknown>, tags: unknown): Promise<{ id: string; tags?: string[]; requestId?: string; [k: string]: unknown }> {
  const post = async (b: Record<string, unknown>) => {
    const res = await ctx.destination.request<Record<string, { id: string; tags?: string[] }>>({ service: 'network', method: 'POST', path: `/${collection}`, body: { [kind]: b }, expect: [201] });
    return { ...(res.body[kind] as { id: string; tags?: string[] }), ...(res.requestId ? { requestId: res.requestId } : {}) };
  };
  const want = [...((tags as string[] | undefined) ?? []), MARKER_TAG];
  let created;
  if (refusesTagsOnCreate.has(ctx.destination)) {
    created = await post(body);
  } else {
    try {
      created = await post({ ...body, tags: want });
    } catch (err) {
      if (httpStatus(err) !== 400 || !/tags/i.test(String((err as Error).message))) throw err;
      refusesTagsOnCreate.add(ctx.destination);
      created = await post(body);
    }
  }
  await ensureTags(ctx, collection, created.id, created.tags, want);
  return created;
}

/**
 * The adopt step of a Neutron kind (policy.adopt): adds the marker tag alone, so the resource's
 * other tags stay until an update converges them.
 */
export function addMarkerTag(collection: string): (step: Step, ctx: StepContext) => Promise<StepOutcome> {
  return async (step, ctx) => {
    const id = step.targetId as string;
    await ctx.destination.request({ service: 'network', method: 'PUT', path: `/${collection}/${id}/tags/${MARKER_TAG}` });
    return { type: 'ResourceUpdated', id };
  };
}
