import { z } from 'zod';
import type { ExternalIdentity, IdentityProof } from '../../core/identity/external/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const token = z.string().min(1).max(8192);

/** The body fields of each provider's proof: a login `method` or an identity `provider`. */
export const identityProofFields = {
  facebook: { method: z.literal('facebook'), access_token: token },
  google: { method: z.literal('google'), id_token: token },
  apple: { method: z.literal('apple'), identity_token: token },
};

type ProofBody =
  | { method: 'facebook'; access_token: string }
  | { method: 'google'; id_token: string }
  | { method: 'apple'; identity_token: string };

export function identityProof(body: ProofBody): IdentityProof {
  switch (body.method) {
    case 'facebook':
      return { provider: 'facebook', accessToken: body.access_token };
    case 'google':
      return { provider: 'google', idToken: body.id_token };
    case 'apple':
      return { provider: 'apple', identityToken: body.identity_token };
  }
}

const bindBody = z.discriminatedUnion('method', [
  z.object(identityProofFields.facebook),
  z.object(identityProofFields.google),
  z.object(identityProofFields.apple),
]);

/** An identity as players and operators see it. */
export function identityView(identity: ExternalIdentity) {
  return {
    app_id: identity.appId,
    provider: identity.provider,
    subject: identity.subject,
    verified: identity.verified,
    name: identity.displayName,
    email: identity.email,
    picture: identity.picture,
    created_at: identity.createdAt,
  };
}

/** Third-party identities of the logged-in player. */
export const identityEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/client/identities',
    access: 'client',
    async handle({ services, session }) {
      const identities = await services.externalIdentities.ofAccount(
        session.account.id,
        session.appId,
      );
      return { identities: identities.map(identityView) };
    },
  },
  {
    method: 'POST',
    url: '/v1/client/identities',
    access: 'client',
    body: bindBody,
    async handle({ services, request, reply, session }) {
      const body = parse(bindBody, request.body);
      const app = await services.apps.get(session.appId);
      const claim = await services.externalIdentities.verify(app, identityProof(body));
      const bound = await services.externalIdentities.bind(app.id, session.account.id, claim);
      reply.code(201);
      return identityView(bound);
    },
  },
];
