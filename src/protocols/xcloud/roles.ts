import { z } from 'zod';
import { serverIdOf } from '../../core/roles/types.js';
import { recordLoginContext } from './acquisition.js';
import { xcloudEndpoint } from './endpoint.js';
import { integer, required, text } from './fields.js';
import { accountOfUid, accountOfUidAndLogin } from './players.js';
import { BAD_SERVER_ERRORS, serverIdField } from './server-id.js';

/** /Pt/userinfo and /Pt/userup: the same fields (a role's state on a server). */
const roleParams = z.object({
  uid: required(50),
  sid: serverIdField,
  rolename: required(20),
  pid: required(20),
  grade: integer(20),
  combat: integer(20),
  vip: integer(20),
  /** Unix seconds the role was modified. */
  moditime: integer(11),
  entry_type: required(20),
});

/**
 * userinfo writes a role and userup reports its upgrade; both report the role's state, so that
 * a role first heard of through userup is recorded all the same.
 */
const roleEndpoint = (path: string) =>
  xcloudEndpoint({
    path,
    params: roleParams,
    errors: BAD_SERVER_ERRORS,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      await services.roles.report(app.id, accountId, {
        serverId: serverIdOf(params.sid),
        roleId: params.pid,
        name: params.rolename,
        level: Number(params.grade),
        power: Number(params.combat),
        vip: Number(params.vip),
        reportedAt: Number(params.moditime) * 1000,
      });
      return undefined;
    },
  });

const getsidParams = z.object({
  uid: required(20),
  lastsid: serverIdField,
  entry_type: integer(10).optional(),
  entry_name: text(50).optional(),
  entry_lang: text(50).optional(),
  source: required(50),
  mainsource: text(50).optional(),
  subsource: text(50).optional(),
  gidloginid: required(50),
  url: text(50).optional(),
  time: integer(),
});

/** Players' roles per server (userinfo, userup) and the server they chose (getsid). */
export const roleEndpoints = [
  roleEndpoint('/Pt/userinfo'),
  roleEndpoint('/Pt/userup'),
  xcloudEndpoint({
    path: '/Pt/getsid',
    params: getsidParams,
    time: true,
    errors: BAD_SERVER_ERRORS,
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUidAndLogin(services, app, params.uid, params.gidloginid);
      await services.roles.chooseServer(app.id, accountId, {
        serverId: serverIdOf(params.lastsid),
        entryType: params.entry_type ?? '',
        entryName: params.entry_name ?? '',
        entryLang: params.entry_lang ?? '',
        source: params.source,
        mainSource: params.mainsource ?? '',
        subSource: params.subsource ?? '',
        url: params.url ?? '',
      });
      await recordLoginContext(services, app, accountId, params);
      return undefined;
    },
  }),
];
