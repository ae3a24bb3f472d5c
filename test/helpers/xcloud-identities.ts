import type { TestApp } from './server.js';

/** The unsigned fields of each identity endpoint, as the document marks them. */
export const UNSIGNED = {
  getfb: ['ids_for_business', 'device', 'access_token'],
  getgoogle: ['photo', 'device', 'source', 'mainsource', 'subsource', 'id_token'],
  getaccountkit: ['device', 'source', 'mainsource', 'subsource'],
  touristdb: ['access_token'],
  loginMethod: [
    'facebook_id',
    'token_for_business',
    'email',
    'person_id',
    'phone_number',
    'accountkit_id',
    'access_token',
    'id_token',
  ],
};

/** A /Pt/getfb call's fields as the SDK sends them (2018 fields included). */
export function getfbFields(
  app: TestApp,
  tokenForBusiness: string,
  facebookId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    token_for_business: tokenForBusiness,
    ids_for_business: JSON.stringify([{ id: facebookId, app: { id: '1001' } }]),
    type: '1',
    device: JSON.stringify({ deviceuuid: `fb-${facebookId}`, model: 'Moto G' }),
    gameid: app.xcloud.gid,
    fbappid: '1001',
    facebook_id: facebookId,
    entry_lang: 'pt',
    entry_type: 'androiddata',
    entry_name: 'com.example.tecnofut',
    source: 'facebook',
    mainsource: 'ads',
    subsource: 'campaign-7',
    fbsource: 'feed',
    first_name: 'Ana',
    last_name: 'Souza',
    middle_name: '',
    name: 'Ana Souza',
    short_name: 'Ana',
    name_format: '{first} {last}',
    email: 'ana@example.com',
    picture: 'https://graph.example.com/ana.jpg',
    regdate: '2018-08-21',
    ...extra,
  };
}

/** A /Pt/getgoogle call's fields. */
export function getgoogleFields(
  app: TestApp,
  personId: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    gameid: app.xcloud.gid,
    ...(personId !== undefined && { person_id: personId }),
    display_name: 'Bia Lima',
    family_name: 'Lima',
    given_name: 'Bia',
    email: 'bia@example.com',
    photo: 'https://lh3.example.com/bia.png',
    entry_lang: 'pt',
    first_name: 'Bia',
    entry_type: 'androiddata',
    entry_name: 'com.example.tecnofut',
    device: JSON.stringify({ android_id: `g-${personId ?? 'none'}` }),
    source: 'googleplay',
    mainsource: '1',
    subsource: '2',
    ...extra,
  };
}

/** A /Pt/getaccountkit call's fields. */
export function getaccountkitFields(
  app: TestApp,
  phone: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    gameid: app.xcloud.gid,
    phone_number: phone,
    entry_lang: 'pt',
    first_name: 'Caio',
    entry_type: 'ios',
    entry_name: 'com.example.tecnofut',
    device: JSON.stringify({ idfv: `ak-${phone}` }),
    source: '3',
    mainsource: '1',
    subsource: '2',
    ...extra,
  };
}
