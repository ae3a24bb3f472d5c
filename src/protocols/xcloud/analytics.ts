import { z } from 'zod';
import { serverIdOf } from '../../core/roles/types.js';
import { xcloudEndpoint } from './endpoint.js';
import { integer, required, text } from './fields.js';
import { accountOfUid, accountOfUidAndLogin } from './players.js';
import { BAD_SERVER_ERRORS, serverIdField } from './server-id.js';

/**
 * /Pt/getios. The document allows `ua` 50 characters; real user agents are longer, so up to 512
 * are taken.
 */
const iosParams = z.object({
  devicename: required(50),
  sysname: text(50).optional(),
  sysversion: required(50),
  deviceuuid: required(50),
  devicemodel: required(50),
  ua: required(512),
  carriername: required(50),
  mobilecountrycode: required(50),
  mobilenetworkcode: required(50),
  isocountrycode: required(50),
  ip: required(50),
  time: integer(),
});

const androidParams = z.object({
  imei: required(50),
  model: text(50).optional(),
  width: required(50),
  height: required(50),
  simoperatornam: required(50),
  time: integer(),
});

const buriedParams = z.object({
  uid: required(50),
  mark: required(50),
  sid: serverIdField,
  mainclass: required(20),
  subclass: integer(11),
  entry_type: integer(11),
  /** Unix seconds the event happened. */
  moditime: integer(11),
});

const sourceParams = z.object({
  uid: required(50),
  gidloginid: required(50),
  only: required(50),
  source: required(20),
  mainsource: integer(11),
  subsource: integer(11),
  time: integer(),
});

/** A device report's other fields (not its time), kept as the device's details. */
function detailsOf(
  params: Readonly<Record<string, string | undefined>>,
  taken: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[0] !== 'time' && !taken.includes(entry[0]),
    ),
  );
}

/**
 * Device reports (no player named: the app is the one whose key verifies the sign), analytics
 * events, and a player's acquisition channel.
 */
export const analyticsEndpoints = [
  xcloudEndpoint({
    path: '/Pt/getios',
    params: iosParams,
    time: true,
    handle: async ({ services, app, params }) => {
      await services.analytics.recordDevice(app, {
        platform: 'ios',
        deviceId: params.deviceuuid,
        model: params.devicemodel,
        osVersion: params.sysversion,
        extra: detailsOf(params, ['deviceuuid', 'devicemodel', 'sysversion']),
      });
      return undefined;
    },
  }),
  xcloudEndpoint({
    path: '/Pt/getandroid',
    params: androidParams,
    time: true,
    handle: async ({ services, app, params }) => {
      await services.analytics.recordDevice(app, {
        platform: 'android',
        deviceId: params.imei,
        model: params.model ?? '',
        osVersion: '',
        extra: detailsOf(params, ['imei', 'model']),
      });
      return undefined;
    },
  }),
  xcloudEndpoint({
    path: '/Pt/buried',
    params: buriedParams,
    unsigned: ['mark'],
    errors: BAD_SERVER_ERRORS,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      await services.analytics.recordEvent(app, {
        mainClass: params.mainclass,
        subClass: params.subclass,
        entryType: params.entry_type,
        at: Number(params.moditime) * 1000,
        accountId,
        serverId: String(serverIdOf(params.sid)),
        deviceId: params.mark,
      });
      return undefined;
    },
  }),
  xcloudEndpoint({
    path: '/Pt/getsource',
    params: sourceParams,
    unsigned: ['source', 'mainsource', 'subsource'],
    time: true,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUidAndLogin(services, app, params.uid, params.gidloginid);
      await services.analytics.recordAcquisition(app, accountId, {
        source: params.source,
        mainsource: params.mainsource,
        subsource: params.subsource,
        entryType: '',
        entryName: '',
        entryLang: '',
      });
      return undefined;
    },
  }),
];
