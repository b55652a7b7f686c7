/** Neutron helpers: find by name + marker tag in our project, and make sure tags are set. */
import { MARKER_TAG } from '../../resources/common.js';
import type { StepContext } from './context.js';

/** The ID of the one resource in our project with this name and the stackshift tag, if any. */
export async function findMarked(ctx: StepContext, collection: string, name: string): Promise<string | undefined> {
  const res = await ctx.destination.request<Record<string, { id: string }[]>>({
    service: 'network', method: 'GET', path: `/${collection}`, query: { name, project_id: ctx.projectId, tags: MARKER_TAG },
  });
  return res.body[collection]?.[0]?.id;
}

/** The create body with the marker in `tags` (Neutron with tag-creation stores them at once). */
export function withTags(body: Record<string, unknown>, tags: unknown): Record<string, unknown> {
  return { ...body, tags: [...((tags as string[] | undefined) ?? []), MARKER_TAG] };
}

/**
 * Sets the tags when the create answer does not carry them (an older Neutron ignores tags on
 * create), or always when `force` (an update of the tags).
 */
export async function ensureTags(ctx: StepContext, collection: string, id: string, have: string[] | undefined, want: string[], force = false): Promise<void> {
  if (!force && have?.includes(MARKER_TAG)) return;
  await ctx.destination.request({ service: 'network', method: 'PUT', path: `/${collection}/${id}/tags`, body: { tags: want } });
}
