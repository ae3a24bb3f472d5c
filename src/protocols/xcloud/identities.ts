import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { LoginResult } from '../../core/players/service.js';
import type { Services } from '../../services.js';
import { XCLOUD } from './app-config.js';
import { xcloudEndpoint } from './endpoint.js';
import { XcloudFailure } from './failure.js';
import { integer, required, text } from './fields.js';
import {
  accountKitClaim,
  facebookClaim,
  googleClaim,
  PROOF_FIELDS,
  sentProfile,
} from './identity-claims.js';
import { recordLoginContext } from './acquisition.js';
import { accountOfUid, xcloudIdsOfGrant } from './players.js';
import { XCLOUD_STATUS } from './status.js';

/** How the identity calls answer what core says of identities. */
const IDENTITY_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  'identity.taken': XCLOUD_STATUS.alreadyBound,
  'identity.already_bound': XCLOUD_STATUS.alreadyBound,
  'identity.bad_proof': XCLOUD_STATUS.verificationFailed,
  'identity.provider_unavailable': XCLOUD_STATUS.systemError,
};

/** A picture URL or an email does not fit the document's 50 characters: these take more. */
const url = () => text(1024);
const email = () => text(254);
const proofs = { access_token: text(8192).optional(), id_token: text(8192).optional() };

/** The xcloud ids a login by identity gave. */
function loginIds(login: LoginResult) {
  const granted = login.granted[XCLOUD];
  if (!granted) throw new Error('the xcloud login grant gave nothing');
  return xcloudIdsOfGrant(granted);
}

const getfbParams = z.object({
  token_for_business: required(50),
  ids_for_business: required(260),
  type: z.enum(['1', '2']),
  device: required(260),
  gameid: integer(50),
  fbappid: required(50),
  facebook_id: required(50),
  entry_lang: text(50).optional(),
  entry_type: text(50).optional(),
  entry_name: text(50).optional(),
  source: required(50),
  mainsource: text(50).optional(),
  subsource: text(50).optional(),
  fbsource: text(50).optional(),
  first_name: text(50),
  last_name: text(50),
  middle_name: text(50),
  name: text(50),
  short_name: text(50),
  name_format: text(50),
  home_page: text(50).optional(),
  sex: text(50).optional(),
  birthday: text(50).optional(),
  picture: url().optional(),
  email: email(),
  location: text(50).optional(),
  locale: text(50).optional(),
  regip: text(50).optional(),
  regdate: required(50),
  ...proofs,
});

/** The player's entry, device and channel that getgoogle and getaccountkit send alike. */
const signInContext = {
  entry_lang: text(50),
  first_name: text(50),
  entry_type: text(50),
  entry_name: text(50),
  device: required(260),
  source: text(50),
  mainsource: text(50),
  subsource: text(50),
  time: integer(),
};

const getgoogleParams = z.object({
  gameid: integer(50),
  person_id: text(50).optional(),
  display_name: text(50),
  family_name: text(50),
  given_name: text(50),
  email: email(),
  photo: url(),
  ...signInContext,
  ...proofs,
});

const getaccountkitParams = z.object({
  gameid: integer(50),
  accountkit_id: text(50).optional(),
  phone_number: required(50),
  ...signInContext,
});

const touristdbParams = z.object({
  facebook_id: required(50),
  token_for_business: required(50),
  uid: required(20),
  time: integer(),
  ...proofs,
});

/** `login_method`'s fields of each `type`, none of them signed. */
const LOGIN_METHOD_FIELDS = {
  '1': ['facebook_id', 'token_for_business'],
  '2': ['email', 'person_id'],
  '3': ['phone_number', 'accountkit_id'],
} as const;

const loginMethodParams = z.object({
  uid: required(50),
  type: z.enum(['1', '2', '3']),
  time: integer(),
  facebook_id: text(50).optional(),
  token_for_business: text(50).optional(),
  email: email().optional(),
  person_id: text(50).optional(),
  phone_number: text(50).optional(),
  accountkit_id: text(50).optional(),
  ...proofs,
});
type LoginMethodParams = z.infer<typeof loginMethodParams>;

/** The fields `type` needs, each present and not empty (114 otherwise). */
function typeFields(params: LoginMethodParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of LOGIN_METHOD_FIELDS[params.type]) {
    const value = params[name];
    if (!value) throw new XcloudFailure(XCLOUD_STATUS.missingParameter, `${name} is required`);
    fields[name] = value;
  }
  return fields;
}

/** The identity a login_method call binds. */
async function loginMethodClaim(services: Services, app: App, params: LoginMethodParams) {
  const fields = typeFields(params);
  switch (params.type) {
    case '1':
      return facebookClaim(
        services,
        app,
        {
          tokenForBusiness: fields.token_for_business ?? '',
          facebookId: fields.facebook_id ?? '',
          accessToken: params.access_token,
        },
        sentProfile(undefined, undefined, undefined, {}),
      );
    case '2':
      return googleClaim(
        services,
        app,
        { personId: fields.person_id, idToken: params.id_token },
        sentProfile(undefined, fields.email, undefined, {}),
      );
    case '3':
      return accountKitClaim(
        { accountKitId: fields.accountkit_id, phoneNumber: fields.phone_number ?? '' },
        sentProfile(undefined, undefined, undefined, {}),
      );
  }
}

/**
 * Facebook, Google and Account Kit identities: logins by identity (`getfb`, `getgoogle`,
 * `getaccountkit`) and binds to a player who already has a uid (`touristdb`, `login_method`).
 */
export const identityEndpoints = [
  xcloudEndpoint({
    path: '/Pt/getfb',
    params: getfbParams,
    unsigned: ['ids_for_business', 'device', ...PROOF_FIELDS],
    errors: IDENTITY_ERRORS,
    handle: async ({ services, app, params }) => {
      const { name, email: mail, picture, ...rest } = params;
      const claim = await facebookClaim(
        services,
        app,
        {
          tokenForBusiness: params.token_for_business,
          facebookId: params.facebook_id,
          accessToken: params.access_token,
        },
        sentProfile(name, mail, picture, {
          fbappid: rest.fbappid,
          fbsource: rest.fbsource,
          first_name: rest.first_name,
          last_name: rest.last_name,
          middle_name: rest.middle_name,
          short_name: rest.short_name,
          name_format: rest.name_format,
          home_page: rest.home_page,
          sex: rest.sex,
          birthday: rest.birthday,
          location: rest.location,
          locale: rest.locale,
          ids_for_business: rest.ids_for_business,
          regip: rest.regip,
          regdate: rest.regdate,
        }),
      );
      const login = await services.externalIdentities.login(app.id, claim);
      await recordLoginContext(services, app, login.account.id, {
        ...params,
        platform: params.type === '1' ? 'android' : 'ios',
      });
      return { ...loginIds(login) };
    },
  }),
  xcloudEndpoint({
    path: '/Pt/getgoogle',
    params: getgoogleParams,
    unsigned: ['photo', 'device', 'source', 'mainsource', 'subsource', ...PROOF_FIELDS],
    time: true,
    errors: IDENTITY_ERRORS,
    handle: async ({ services, app, params }) => {
      const claim = await googleClaim(
        services,
        app,
        { personId: params.person_id, idToken: params.id_token },
        sentProfile(params.display_name, params.email, params.photo, {
          family_name: params.family_name,
          given_name: params.given_name,
        }),
      );
      const login = await services.externalIdentities.login(app.id, claim);
      await recordLoginContext(services, app, login.account.id, params);
      return { uid: loginIds(login).uid };
    },
  }),
  xcloudEndpoint({
    path: '/Pt/getaccountkit',
    params: getaccountkitParams,
    unsigned: ['device', 'source', 'mainsource', 'subsource'],
    time: true,
    errors: IDENTITY_ERRORS,
    handle: async ({ services, app, params }) => {
      const claim = accountKitClaim(
        { accountKitId: params.accountkit_id, phoneNumber: params.phone_number },
        sentProfile(params.first_name, undefined, undefined, { first_name: params.first_name }),
      );
      const login = await services.externalIdentities.login(app.id, claim);
      await recordLoginContext(services, app, login.account.id, params);
      return { uid: loginIds(login).uid };
    },
  }),
  xcloudEndpoint({
    path: '/Pt/touristdb',
    params: touristdbParams,
    unsigned: PROOF_FIELDS,
    time: true,
    errors: IDENTITY_ERRORS,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      const claim = await facebookClaim(
        services,
        app,
        {
          tokenForBusiness: params.token_for_business,
          facebookId: params.facebook_id,
          accessToken: params.access_token,
        },
        sentProfile(undefined, undefined, undefined, {}),
      );
      await services.externalIdentities.bind(app.id, accountId, claim);
      return { uid: params.uid };
    },
  }),
  xcloudEndpoint({
    path: '/Suspension/login_method',
    params: loginMethodParams,
    unsigned: [...new Set(Object.values(LOGIN_METHOD_FIELDS).flat()), ...PROOF_FIELDS],
    time: true,
    errors: IDENTITY_ERRORS,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      const claim = await loginMethodClaim(services, app, params);
      await services.externalIdentities.bind(app.id, accountId, claim);
      return {};
    },
  }),
];
