import type { Command } from 'commander';
import type { AppSettings } from '../core/apps/types.js';
import type { Guildhall } from '../guildhall.js';

export interface IdentityFlags {
  facebookAppId?: string;
  facebookAppSecret?: string;
  googleClientIds?: string;
  appleClientIds?: string;
}

/** The flags that configure an app's identity providers (`app create` and `app update`). */
export function withIdentityFlags(command: Command): Command {
  return command
    .option('--facebook-app-id <id|none>', 'Facebook app whose user tokens players log in with')
    .option('--facebook-app-secret <secret|none>', "that Facebook app's secret (sealed at rest)")
    .option('--google-client-ids <ids|none>', 'Google OAuth client ids, comma-separated')
    .option('--apple-client-ids <ids|none>', 'Sign in with Apple client ids, comma-separated');
}

const list = (text: string) =>
  text === 'none'
    ? []
    : text
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);

/** The core settings the identity flags change. */
export function identitySettings(flags: IdentityFlags): Partial<AppSettings> {
  return {
    ...(flags.facebookAppId !== undefined && {
      facebookAppId: flags.facebookAppId === 'none' ? null : flags.facebookAppId,
    }),
    ...(flags.googleClientIds !== undefined && { googleClientIds: list(flags.googleClientIds) }),
    ...(flags.appleClientIds !== undefined && { appleClientIds: list(flags.appleClientIds) }),
  };
}

/** Stores (or, `none`, removes) the Facebook app secret the flags give. */
export async function saveFacebookSecret(
  guildhall: Guildhall,
  appId: string,
  flags: IdentityFlags,
): Promise<void> {
  const secret = flags.facebookAppSecret;
  if (secret === undefined) return;
  await guildhall.externalIdentities.setFacebookSecret(appId, secret === 'none' ? null : secret);
}

/** `app show` lines of the identity providers. */
export function identityLines(
  settings: AppSettings,
  facebookSecretSet: boolean,
): [label: string, value: string][] {
  const ids = (values: string[]) => (values.length > 0 ? values.join(', ') : 'not configured');
  return [
    ['facebook app id', settings.facebookAppId ?? 'not configured'],
    ['facebook secret', facebookSecretSet ? 'set' : 'not set'],
    ['google clients', ids(settings.googleClientIds)],
    ['apple clients', ids(settings.appleClientIds)],
  ];
}
