// Local OIDC issuer and JWT authorizer: signs dev tokens, serves its JWKS, and checks tokens as API Gateway would.
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  createLocalJWKSet,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import * as z from 'zod/mini';
import { UNIT_IDENTIFIER } from '../shared/domain/dossier/dossier-code.js';

export const LOCAL_AUDIENCE = 'mot-cua-portal';
export const DEV_ROLES = ['citizen', 'officer', 'admin'] as const;

export const devTokenRequest = z.strictObject({
  role: z.enum(DEV_ROLES),
  subject: z.string().check(z.minLength(1), z.maxLength(128)),
  agency: z.optional(z.string().check(z.regex(UNIT_IDENTIFIER))),
  /** The OIDC `name` claim: an officer's name as the receipt shows it. */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  expiresInSeconds: z._default(z.int().check(z.minimum(1), z.maximum(86_400)), 3600),
});

export interface LocalIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  sign(request: z.output<typeof devTokenRequest>): Promise<string>;
  /** Claims and scopes as API Gateway passes them, or null when the token is missing, invalid or expired. */
  verify(
    authorization: string | undefined,
  ): Promise<{ claims: Record<string, string | number | boolean | string[]>; scopes: string[] } | null>;
}

export async function createLocalIssuer(issuer: string): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'ES256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    issuer,
    jwks,
    sign: ({ role, subject, agency, name, expiresInSeconds }) =>
      new SignJWT({ scope: role, ...(agency ? { agency } : {}), ...(name ? { name } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(privateKey),
    async verify(authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return null;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, { issuer, audience: LOCAL_AUDIENCE }));
      } catch {
        return null;
      }
      const claims: Record<string, string> = {};
      for (const [key, value] of Object.entries(payload))
        claims[key] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { claims, scopes };
    },
  };
}
