import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Guildhall } from '../../guildhall.js';
import { parse } from './validation.js';

const mediaParams = z.object({ media_id: z.string().min(1).max(128) });

/** Images uploaded for shares (MSDK share/upload_wx), for the clients that show the shares. */
export function registerShareMedia(app: FastifyInstance, services: Guildhall): void {
  app.get('/v1/media/:media_id', async (request, reply) => {
    const media = await services.sharing.media(parse(mediaParams, request.params).media_id);
    return reply
      .type(media.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(media.data);
  });
}
