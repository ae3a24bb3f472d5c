import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

export const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** The parts of a Google service-account key file that FCM needs. */
export interface ServiceAccount {
  projectId: string;
  clientEmail: string;
  /** PEM (PKCS#8) RSA private key. */
  privateKey: string;
  privateKeyId?: string;
  /** Where the OAuth 2.0 JWT-bearer grant is posted. */
  tokenUri: string;
}

const keyFileSchema = z.object({
  type: z.literal('service_account', { error: 'must be "service_account"' }),
  project_id: z.string({ error: 'is required' }).min(1, 'is required'),
  client_email: z.string({ error: 'is required' }).min(1, 'is required'),
  private_key: z.string({ error: 'is required' }).includes('-----BEGIN', 'must be a PEM key'),
  private_key_id: z.string().optional(),
  token_uri: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(DEFAULT_TOKEN_URI),
});

/** Parses and validates a service-account key file; throws an Error saying what is wrong. */
export function parseServiceAccount(json: string): ServiceAccount {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('The service account key is not valid JSON');
  }
  const parsed = keyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message,
    );
    throw new Error(`Not a usable service account key: ${problems.join('; ')}`);
  }
  const file = parsed.data;
  assertRsaPrivateKey(file.private_key);
  return {
    projectId: file.project_id,
    clientEmail: file.client_email,
    privateKey: file.private_key,
    ...(file.private_key_id === undefined ? {} : { privateKeyId: file.private_key_id }),
    tokenUri: file.token_uri,
  };
}

function assertRsaPrivateKey(pem: string): void {
  let keyType: string | undefined;
  try {
    keyType = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new Error('Not a usable service account key: private_key does not parse as a PEM key');
  }
  if (keyType !== 'rsa') {
    throw new Error(`Not a usable service account key: private_key is ${keyType}, not RSA`);
  }
}
