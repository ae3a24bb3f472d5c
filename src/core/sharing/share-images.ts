import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import { imageTypeOf } from './image-type.js';
import type { ShareImage, ShareMedia } from './types.js';
import { SHARE_IMAGE_LIMITS, SHARE_TYPE } from './types.js';

export interface ShareImageChanges {
  /** A new image file (PNG, JPEG, GIF or WebP by its bytes). */
  image?: { data: Buffer; filename: string };
  title?: string;
  subtitle?: string;
}

function checkType(shareType: string): void {
  if (!SHARE_TYPE.test(shareType)) {
    fail('invalid_argument', 'share type: 1-50 letters, digits, _, . or -');
  }
}

function checkText(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && [...value].length > max) {
    fail('invalid_argument', `${field}: at most ${max} characters`);
  }
}

/**
 * What an app's shares show, per share type: an image (stored as share media, served at
 * /v1/media/{id}), a title and a subtitle. Set by operators, and the image by games' uploads.
 */
export class ShareImageService {
  constructor(
    private readonly store: StoreSlice<'shareImages' | 'shares'>,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  list(appId: string): Promise<ShareImage[]> {
    return this.store.shareImages.list(appId);
  }

  /** The share of the type; not_found when the app has set nothing for it. */
  async get(appId: string, shareType: string): Promise<ShareImage> {
    checkType(shareType);
    return (
      (await this.store.shareImages.get(appId, shareType)) ??
      fail('not_found', `no share of type ${shareType} in this app`)
    );
  }

  /** Changes what the share type shows; what `changes` leaves out stays as it was. */
  async set(appId: string, shareType: string, changes: ShareImageChanges): Promise<ShareImage> {
    checkType(shareType);
    checkText('title', changes.title, SHARE_IMAGE_LIMITS.titleLength);
    checkText('subtitle', changes.subtitle, SHARE_IMAGE_LIMITS.subtitleLength);
    const media = changes.image && this.mediaOf(appId, changes.image);
    return this.store.transaction(async (store) => {
      const current = await store.shareImages.get(appId, shareType);
      if (media) await store.shares.insertMedia(media);
      const image: ShareImage = {
        appId,
        shareType,
        mediaId: media?.mediaId ?? current?.mediaId ?? null,
        title: changes.title ?? current?.title ?? '',
        subtitle: changes.subtitle ?? current?.subtitle ?? '',
        updatedAt: this.clock.now(),
      };
      await store.shareImages.save(image);
      return image;
    });
  }

  /** The image as share media (earlier images stay served: shares already sent link them). */
  private mediaOf(appId: string, image: { data: Buffer; filename: string }): ShareMedia {
    if (image.data.length > SHARE_IMAGE_LIMITS.imageBytes) {
      fail('invalid_argument', `image: over ${SHARE_IMAGE_LIMITS.imageBytes} bytes`);
    }
    const contentType =
      imageTypeOf(image.data) ?? fail('invalid_argument', 'image: not a PNG, JPEG, GIF or WebP');
    return {
      mediaId: this.random.bytes(48).toString('base64url'),
      appId,
      filename: image.filename.slice(0, 200),
      contentType,
      data: image.data,
      createdAt: this.clock.now(),
    };
  }
}
