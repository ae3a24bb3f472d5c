import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ShareImage } from '../../core/sharing/types.js';
import { fileParams } from '../http/form-fields.js';
import { mediaUrl } from '../http/media-url.js';
import { xcloudEndpoint } from './endpoint.js';
import { XcloudFailure } from './failure.js';
import { integer, required } from './fields.js';
import { accountOfUid } from './players.js';
import { XCLOUD_STATUS } from './status.js';

/** Share types are numbers (1, 2, 3...): `01` is type 1. */
const shareType = (text: string) => text.replace(/^0+(?=\d)/, '');

/**
 * The upload's file part: named as `filename` with dots turned to underscores (as PHP names
 * it), or as `filename` is when the client sent it so.
 */
function uploadedFile(request: FastifyRequest, filename: string): Buffer {
  const names = [...new Set([filename.replaceAll('.', '_'), filename])];
  const files = fileParams(request, names);
  const file = names.map((name) => files[name]).find((data) => data !== undefined);
  if (!file) {
    throw new XcloudFailure(XCLOUD_STATUS.missingParameter, `no file part named ${names[0]}`);
  }
  return file;
}

/** The document's share data: the image's URL ('' when none yet), title and subtitle. */
function shareData(request: FastifyRequest, image: ShareImage) {
  return {
    url: image.mediaId === null ? '' : mediaUrl(request, image.mediaId),
    imagetitle: image.title,
    imagesubtitle: image.subtitle,
  };
}

/** /Pt/upload and /Suspension/share: share images; /Suspension/share_cdk: CDK codes. */
export const sharingEndpoints = [
  xcloudEndpoint({
    path: '/Pt/upload',
    params: z.object({ filename: required(50), imagecode: required(50), time: integer() }),
    time: true,
    handle: async ({ services, app, params, request }) => {
      const image = await services.shareImages.set(app.id, shareType(params.imagecode), {
        image: { data: uploadedFile(request, params.filename), filename: params.filename },
      });
      return shareData(request, image);
    },
  }),
  xcloudEndpoint({
    path: '/Suspension/share',
    params: z.object({ type: integer(), time: integer() }),
    time: true,
    // A share type the operators never set up: the server lacks it, the call is right.
    errors: { not_found: XCLOUD_STATUS.systemError },
    handle: async ({ services, app, params, request }) =>
      shareData(request, await services.shareImages.get(app.id, shareType(params.type))),
  }),
  xcloudEndpoint({
    path: '/Suspension/share_cdk',
    params: z.object({ uid: required(50), gameid: integer(), type: required(50), time: integer() }),
    time: true,
    errors: {
      'cdk.claimed_today': XCLOUD_STATUS.sharedToday,
      'cdk.out_of_stock': XCLOUD_STATUS.cdkOutOfStock,
    },
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      return { cdk: await services.cdk.claim(app, accountId, params.type) };
    },
  }),
];
