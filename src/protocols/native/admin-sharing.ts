import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ShareImage } from '../../core/sharing/types.js';
import { CDK_LIMITS } from '../../core/sharing/types.js';
import { mediaUrl } from '../http/media-url.js';
import { appOf, appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const shareTypeParams = appParams.extend({ type: z.string().min(1).max(50) });

const shareImageBody = z
  .object({
    title: z.string(),
    subtitle: z.string(),
    /** The image file, base64. */
    image_base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    filename: z.string().max(200),
  })
  .partial()
  .strict();

const cdkLoadBody = z
  .object({
    type: z.string().min(1).max(50),
    codes: z.array(z.string()).max(CDK_LIMITS.codesPerLoad),
  })
  .strict();

export function shareImageView(image: ShareImage, url: string | null) {
  return {
    type: image.shareType,
    media_id: image.mediaId,
    url,
    title: image.title,
    subtitle: image.subtitle,
    updated_at: image.updatedAt,
  };
}

const viewOf = (request: FastifyRequest, image: ShareImage) =>
  shareImageView(image, image.mediaId === null ? null : mediaUrl(request, image.mediaId));

/** Share images per share type, and CDK code stock: load codes, count what is left. */
export const adminSharingEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/share-images',
    access: 'admin',
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const images = await services.shareImages.list(app.id);
      return { share_images: images.map((image) => viewOf(request, image)) };
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/share-images/:type',
    access: 'admin',
    params: shareTypeParams,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const { type } = parse(shareTypeParams, request.params);
      return viewOf(request, await services.shareImages.get(app.id, type));
    },
  },
  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/share-images/:type',
    access: 'admin',
    params: shareTypeParams,
    body: shareImageBody,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const { type } = parse(shareTypeParams, request.params);
      const body = parse(shareImageBody, request.body);
      const image = await services.shareImages.set(app.id, type, {
        title: body.title,
        subtitle: body.subtitle,
        image:
          body.image_base64 === undefined
            ? undefined
            : { data: Buffer.from(body.image_base64, 'base64'), filename: body.filename ?? '' },
      });
      return viewOf(request, image);
    },
  },
  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/cdk-codes',
    access: 'admin',
    body: cdkLoadBody,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const body = parse(cdkLoadBody, request.body);
      return services.cdk.load(app.id, body.type, body.codes);
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/cdk-stock',
    access: 'admin',
    async handle({ services, request }) {
      const app = await appOf(services, request);
      return { stock: await services.cdk.stock(app.id) };
    },
  },
];
