import { z } from 'zod';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const mediaParams = z.object({ media_id: z.string().min(1).max(128) });

/** Images uploaded for shares (MSDK share/upload_wx), for the clients that show the shares. */
export const shareMediaEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/media/:media_id',
    access: 'public',
    params: mediaParams,
    async handle({ services, request, reply }) {
      const media = await services.sharing.media(parse(mediaParams, request.params).media_id);
      return reply
        .type(media.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(media.data);
    },
  },
];
