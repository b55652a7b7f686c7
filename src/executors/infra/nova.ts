/**
 * Step executors for flavors and keypairs. Flavors carry the marker in their description
 * (microversion 2.55); only the description and extra specs change in place, the planner turns
 * anything else into a replace. Keypairs are looked up by name first: the same public key is
 * the same keypair.
 */
import { FLAVOR_MARKER } from '../../resources/common.js';
import { markedDescription } from '../../resources/flavor.js';
import type { Spec } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import { deleteIgnoringAbsent, httpStatus, type StepContext, type StepOutcome } from './context.js';

const FLAVOR_MV = '2.55';

/** Flavors need the admin client when there is one; keypairs are the member's own. */
const nova = (ctx: StepContext) => ctx.admin ?? ctx.destination;

interface Flavor {
  id: string;
  name: string;
  description?: string | null;
}

async function findFlavor(ctx: StepContext, name: string): Promise<string | undefined> {
  const res = await nova(ctx).request<{ flavors: Flavor[] }>({ service: 'compute', method: 'GET', path: '/flavors/detail', query: { is_public: 'None' }, microversion: FLAVOR_MV });
  return res.body.flavors.find((f) => f.name === name && (f.description ?? '').endsWith(FLAVOR_MARKER))?.id;
}

async function setExtraSpecs(ctx: StepContext, id: string, want: Record<string, string>): Promise<void> {
  const have = (await nova(ctx).request<{ extra_specs: Record<string, string> }>({ service: 'compute', method: 'GET', path: `/flavors/${id}/os-extra_specs` })).body.extra_specs ?? {};
  for (const key of Object.keys(have)) {
    if (!(key in want)) await deleteIgnoringAbsent(() => nova(ctx).request({ service: 'compute', method: 'DELETE', path: `/flavors/${id}/os-extra_specs/${encodeURIComponent(key)}` }));
  }
  const changed = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
  if (Object.keys(changed).length > 0) await nova(ctx).request({ service: 'compute', method: 'POST', path: `/flavors/${id}/os-extra_specs`, body: { extra_specs: changed } });
}

export async function createFlavor(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const s = step.spec as Spec;
  let id = await findFlavor(ctx, String(s.name));
  const found = id !== undefined;
  if (!id) {
    const body = {
      name: s.name, vcpus: s.vcpus, ram: s.ram, disk: s.disk, 'OS-FLV-EXT-DATA:ephemeral': s.ephemeral, swap: s.swap,
      ...(s.is_public === undefined ? {} : { 'os-flavor-access:is_public': s.is_public }),
      description: markedDescription(s.description),
    };
    id = (await nova(ctx).request<{ flavor: Flavor }>({ service: 'compute', method: 'POST', path: '/flavors', body: { flavor: body }, microversion: FLAVOR_MV })).body.flavor.id;
  }
  await setExtraSpecs(ctx, id, (s.extra_specs as Record<string, string>) ?? {});
  return { type: 'ResourceCreated', id, ...(found ? { found } : {}) };
}

export async function updateFlavor(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const s = step.spec as Spec;
  const id = step.targetId as string;
  if (step.fields?.includes('description')) {
    await nova(ctx).request({ service: 'compute', method: 'PUT', path: `/flavors/${id}`, body: { flavor: { description: markedDescription(s.description) } }, microversion: FLAVOR_MV });
  }
  if (step.fields?.includes('extra_specs')) await setExtraSpecs(ctx, id, (s.extra_specs as Record<string, string>) ?? {});
  return { type: 'ResourceUpdated', id };
}

/** policy.adopt: the same-named flavor gets the marker on its (desired) description. */
export async function adoptFlavor(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  await nova(ctx).request({ service: 'compute', method: 'PUT', path: `/flavors/${id}`, body: { flavor: { description: markedDescription(step.spec?.description) } }, microversion: FLAVOR_MV });
  return { type: 'ResourceUpdated', id };
}

export async function deleteFlavor(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  await deleteIgnoringAbsent(() => nova(ctx).request({ service: 'compute', method: 'DELETE', path: `/flavors/${id}` }));
  return { type: 'ResourceDeleted', id };
}

export async function createKeypair(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const s = step.spec as Spec;
  const name = String(s.name);
  try {
    const res = await ctx.destination.request<{ keypair: { public_key: string } }>({ service: 'compute', method: 'GET', path: `/os-keypairs/${encodeURIComponent(name)}` });
    if (res.body.keypair.public_key.trim() === s.public_key) return { type: 'ResourceCreated', id: name, found: true };
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
  await ctx.destination.request({ service: 'compute', method: 'POST', path: '/os-keypairs', body: { keypair: { name, public_key: typeof s.public_key_as_exported === 'string' ? s.public_key_as_exported : s.public_key, type: s.type } }, microversion: '2.2' });
  return { type: 'ResourceCreated', id: name };
}

export async function deleteKeypair(step: Step, ctx: StepContext): Promise<StepOutcome> {
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'compute', method: 'DELETE', path: `/os-keypairs/${encodeURIComponent(step.key)}` }));
  return { type: 'ResourceDeleted', id: step.key };
}
