import { z } from 'zod';
import type { ConsoleUser } from '../../core/console/types.js';
import { CONSOLE_ROLES } from '../../core/console/types.js';
import type { AuditEntry } from '../../core/console/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const userParams = z.object({ email: z.string().min(1).max(256) });
const newUserBody = z
  .object({
    email: z.string().min(3).max(256),
    password: z.string().min(1).max(256),
    role: z.enum(CONSOLE_ROLES),
  })
  .strict();
const passwordBody = z.object({ password: z.string().min(1).max(256) }).strict();
const auditQuery = z
  .object({
    actor: z.string().min(1).max(300).optional(),
    action: z.string().min(1).max(300).optional(),
    target: z.string().min(1).max(300).optional(),
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    before_id: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export function consoleUserView(user: ConsoleUser) {
  return {
    email: user.email,
    role: user.role,
    created_at: user.createdAt,
    last_sign_in_at: user.lastSignInAt,
    locked_until: user.lockedUntil,
  };
}

export function auditEntryView(entry: AuditEntry) {
  return {
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: JSON.parse(entry.target) as unknown,
    status: entry.status,
    before: entry.before,
    after: entry.after,
  };
}

const users = '/v1/admin/console-users';

/** Console users (admin role only) and the audit log of operators' writes. */
export const adminConsoleEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: users,
    access: 'admin',
    role: 'admin',
    async handle({ services }) {
      return { users: (await services.consoleUsers.list()).map(consoleUserView) };
    },
  },
  {
    method: 'POST',
    url: users,
    access: 'admin',
    role: 'admin',
    body: newUserBody,
    status: 201,
    async handle({ services, request, reply }) {
      const body = parse(newUserBody, request.body);
      const user = await services.consoleUsers.add(body.email, body.password, body.role);
      reply.code(201);
      return consoleUserView(user);
    },
  },
  {
    method: 'DELETE',
    url: `${users}/:email`,
    access: 'admin',
    role: 'admin',
    params: userParams,
    async handle({ services, request, reply }) {
      await services.consoleUsers.remove(parse(userParams, request.params).email);
      return reply.code(204).send();
    },
  },
  {
    method: 'PUT',
    url: `${users}/:email/password`,
    access: 'admin',
    role: 'admin',
    params: userParams,
    body: passwordBody,
    async handle({ services, request, reply }) {
      const { email } = parse(userParams, request.params);
      await services.consoleUsers.resetPassword(email, parse(passwordBody, request.body).password);
      return reply.code(204).send();
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/audit',
    access: 'admin',
    query: auditQuery,
    async handle({ services, request }) {
      const query = parse(auditQuery, request.query);
      const entries = await services.auditLog.list({
        actor: query.actor,
        action: query.action,
        target: query.target,
        from: query.from,
        to: query.to,
        beforeId: query.before_id,
        limit: query.limit,
      });
      return {
        entries: entries.map(auditEntryView),
        next_before_id: entries.length === query.limit ? entries.at(-1)?.id : null,
      };
    },
  },
];
