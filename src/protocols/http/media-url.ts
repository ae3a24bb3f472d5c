import type { FastifyRequest } from 'fastify';

/** Where share media is served (the native /v1/media/{id}), as the request reached the server. */
export function mediaUrl(request: FastifyRequest, mediaId: string): string {
  return `${request.protocol}://${request.host}/v1/media/${encodeURIComponent(mediaId)}`;
}
