import { z } from 'zod';
import { MAX_MESSAGE_BYTES } from '../../core/messaging/push.js';
import type { PushMessage, PushTarget } from '../../core/messaging/types.js';
import { MESSAGING_LIMITS } from '../../core/messaging/types.js';
import { momoEndpoint } from './endpoint.js';
import { MOMO_PARAMETER_ERROR } from './errors.js';
import { text } from './params.js';

/** A whole number parameter in [min, max] (limit, offset). */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** At most this many tokens per messagepush/query (larger limits are served as this). */
const QUERY_MAX = 1_000;

const queryParams = z
  .object({
    tag: text(MESSAGING_LIMITS.tagLength).optional(),
    alias: text(MESSAGING_LIMITS.aliasLength).optional(),
    limit: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
    offset: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((params, ctx) => {
    if ((params.tag === undefined) === (params.alias === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'give exactly one of tag or alias' });
    } else if (params.tag !== undefined) {
      for (const field of ['limit', 'offset'] as const) {
        if (params[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'is required with tag' });
        }
      }
    }
  });

/** The document's Android message: {"title", "text", "content"?, "logo"?}, strings only. */
const androidMessage = z.strictObject({
  title: z.string().min(1),
  text: z.string().min(1),
  content: z.string().optional(),
  logo: z.string().optional(),
});

/** The document's iOS message: {"alert": text | {"title", "body"}, "sound"?, "badge"?}. */
const iosMessage = z.strictObject({
  alert: z.union([
    z.string().min(1),
    z
      .strictObject({ title: z.string().optional(), body: z.string().optional() })
      .refine((alert) => alert.title || alert.body, 'needs a title or a body'),
  ]),
  sound: z.string().min(1).optional(),
  badge: z.number().int().min(0).optional(),
});

const TARGET_PARAMS = ['tag', 'tagand', 'alias', 'user'] as const;

const pushParams = z
  .object({
    platform: z.enum(['ios', 'android']),
    message: z.string(),
    tag: z.string().optional(),
    tagand: z.string().optional(),
    alias: z.string().optional(),
    user: z.string().optional(),
    options: z.string().optional(),
  })
  .transform((params, ctx) => {
    const issue = (path: (string | number)[], message: string) => {
      ctx.addIssue({ code: 'custom', path, message });
      return z.NEVER;
    };
    let json: unknown;
    try {
      json = JSON.parse(params.message);
    } catch {
      return issue(['message'], 'is not JSON');
    }
    let message: PushMessage;
    if (params.platform === 'ios') {
      const parsed = iosMessage.safeParse(json);
      if (!parsed.success) return issue(['message', ...pathOf(parsed.error)], textOf(parsed.error));
      message = { aps: parsed.data };
    } else {
      const parsed = androidMessage.safeParse(json);
      if (!parsed.success) return issue(['message', ...pathOf(parsed.error)], textOf(parsed.error));
      message = { android: parsed.data };
    }
    if (Buffer.byteLength(JSON.stringify(message)) > MAX_MESSAGE_BYTES) {
      return issue(['message'], `is over ${MAX_MESSAGE_BYTES} bytes`);
    }

    const given = TARGET_PARAMS.filter((name) => params[name] !== undefined);
    const kind = given[0];
    if (given.length !== 1 || kind === undefined) {
      return issue(['tag'], 'give exactly one of tag, tagand, alias or user');
    }
    if (kind === 'tagand' && params.platform === 'android') {
      return issue(['tagand'], 'is for ios only');
    }
    const values = [
      ...new Set(
        (params[kind] ?? '')
          .split(',')
          .map((value) => value.trim())
          .filter((value) => value !== ''),
      ),
    ];
    const longest = kind === 'user' ? MESSAGING_LIMITS.tokenLength : MESSAGING_LIMITS.tagLength;
    if (values.length === 0) return issue([kind], 'has no values');
    if (values.length > MESSAGING_LIMITS.targetValues) {
      return issue([kind], `has over ${MESSAGING_LIMITS.targetValues} values`);
    }
    if (values.some((value) => value.length > longest)) {
      return issue([kind], `has a value over ${longest} characters`);
    }
    const target: PushTarget = { kind, values };
    return { platform: params.platform, message, target };
  });

function pathOf(error: z.ZodError): (string | number)[] {
  return (error.issues[0]?.path ?? []).filter(
    (part): part is string | number => typeof part !== 'symbol',
  );
}

function textOf(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is invalid';
}

/** messagepush/*: the APNs certificate, device look-ups, and push jobs. */
export const pushEndpoints = [
  momoEndpoint({
    path: 'messagepush/upload',
    // A file only travels in a multipart POST.
    postOnly: true,
    files: ['certificate'],
    params: z.object({
      passphrase: z.string().max(1_024),
      certificate: z
        .instanceof(Buffer, { message: 'must be a file' })
        .refine((file) => file.length > 0, 'is empty'),
    }),
    errors: { 'push.bad_certificate': MOMO_PARAMETER_ERROR },
    async handle({ services, app, params }) {
      await services.messaging.push.setApnsCertificate(
        app.id,
        params.certificate,
        params.passphrase,
      );
      return [];
    },
  }),
  momoEndpoint({
    path: 'messagepush/query',
    params: queryParams,
    async handle({ services, app, params }) {
      const devices = services.messaging.devices;
      if (params.alias !== undefined) return devices.byAlias(app.id, 'ios', params.alias);
      const page = await devices.byTag(
        app.id,
        'ios',
        params.tag ?? '',
        params.offset ?? 0,
        Math.min(params.limit ?? QUERY_MAX, QUERY_MAX),
      );
      return { total: page.total, data: page.tokens };
    },
  }),
  momoEndpoint({
    path: 'messagepush/push',
    params: pushParams,
    async handle({ services, app, params }) {
      await services.messaging.push.send({ appId: app.id, ...params });
      return [];
    },
  }),
];
