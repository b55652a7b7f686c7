/** PUT/GET /v2/images/{id}/file: streamed upload (409 unless queued) and streamed download. */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { imageStream, storeImageData } from './data.js';
import { findImage } from './images.js';

export function fileRoutes(t: RouteTable): void {
  t.put(
    '/v2/images/{id}/file',
    async (ctx: RequestContext) => {
      const image = findImage(ctx, ctx.params.id!);
      if (image.owner !== ctx.auth!.projectId && !ctx.auth!.roles.includes('admin')) throw new ApiError(403, 'You are not permitted to upload data for this image.');
      const type = String(ctx.headers['content-type'] ?? 'application/octet-stream');
      if (!type.startsWith('application/octet-stream')) throw new ApiError(415, `Content type ${type} is not supported for image data; use application/octet-stream.`);
      await storeImageData(ctx.cloud, image, ctx.req);
      return { status: 204, headers: { 'content-type': 'text/html; charset=UTF-8' } };
    },
    { rawBody: true },
  );
  t.get('/v2/images/{id}/file', (ctx) => {
    const image = findImage(ctx, ctx.params.id!);
    if (image.status === 'deactivated' && !ctx.auth!.roles.includes('admin')) {
      throw new ApiError(403, 'The requested image has been deactivated. Image data download is forbidden.');
    }
    if (image.status !== 'active' && image.status !== 'deactivated') return { status: 204 };
    const { stream, size } = imageStream(ctx.cloud, image);
    return {
      status: 200,
      body: stream,
      headers: { 'content-type': 'application/octet-stream', 'content-md5': image.checksum ?? '', 'content-length': String(size) },
    };
  });
}
