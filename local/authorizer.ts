// Local OIDC issuer and JWT authorizer: signs dev tokens, serves its JWKS, and checks tokens as API Gateway would.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import * as z from 'zod/mini';
import { DUTIES } from '../shared/domain/dossier/duties.js';
import { UNIT_IDENTIFIER } from '../shared/domain/dossier/dossier-code.js';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH, plainText } from '../shared/text.js';

export const LOCAL_AUDIENCE = 'mot-cua-portal';
export const DEV_ROLES = ['citizen', 'officer', 'admin'] as const;
/** API Gateway's JWT authorizer accepts only RSA-based algorithms (its docs, "Authorizing API requests"). */
export const GATEWAY_ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const SIGNING_ALGORITHM = 'RS256';
export const MAX_TOKEN_SECONDS = 86_400;

export const devTokenRequest = z.strictObject({
  role: z.enum(DEV_ROLES, { error: `role must be one of ${DEV_ROLES.join(', ')}` }),
  subject: z.string().check(z.minLength(1), z.maxLength(128)),
  agency: z.optional(
    z.string().check(
      z.regex(UNIT_IDENTIFIER, {
        error: 'agency must be a unit identifier: dot-separated groups of A-Z and 0-9, such as 000.00.02.H56',
      }),
    ),
  ),
  /** The OIDC `name` claim: an officer's name as the receipt shows it, cleaned as the title is. */
  name: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.maxLength(MAX_NAME_LENGTH * 2)), z.transform(plainText)),
      z
        .string()
        .check(
          z.minLength(1, { error: 'name must not be empty' }),
          z.maxLength(MAX_NAME_LENGTH, { error: `name must be at most ${MAX_NAME_LENGTH} characters` }),
        ),
    ),
  ),
  /** An officer's title (claim `title`, chức danh), cleaned as officers' texts are; empty once cleaned is refused. */
  title: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.maxLength(MAX_TITLE_LENGTH * 2)), z.transform(plainText)),
      z
        .string()
        .check(
          z.minLength(1, { error: 'title must not be empty' }),
          z.maxLength(MAX_TITLE_LENGTH, { error: `title must be at most ${MAX_TITLE_LENGTH} characters` }),
        ),
    ),
  ),
  /** The person's citizen ID (claim `citizen_id`), as an identity provider that knows it puts it in the token. */
  citizenId: z.optional(z.string().check(z.regex(/^[0-9]{12}$/, { error: 'citizenId must be 12 digits' }))),
  /** An officer's duties (claim `duties`); an officer token without them gets all three, for local convenience. */
  duties: z.optional(
    z
      .array(z.enum(DUTIES, { error: `duties must be among ${DUTIES.join(', ')}` }))
      .check(z.maxLength(DUTIES.length)),
  ),
  expiresInSeconds: z._default(
    z.int({ error: `expiresInSeconds must be a whole number from 1 to ${MAX_TOKEN_SECONDS}` }).check(
      z.minimum(1, { error: `expiresInSeconds must be at least 1 (at most ${MAX_TOKEN_SECONDS})` }),
      z.maximum(MAX_TOKEN_SECONDS, {
        error: `expiresInSeconds must be at most ${MAX_TOKEN_SECONDS} (at least 1)`,
      }),
    ),
    3600,
  ),
});

/** The JWT part of a payload v2.0 authorizer context: claims as API Gateway flattens them, and the token's scopes. */
export interface GatewayJwt {
  claims: Record<string, string>;
  scopes: string[];
}

/** What API Gateway decides for a route: pass the claims on, or refuse with 401 (bad token) or 403 (no scope). */
export type AuthorizerVerdict =
  { status: 200; jwt: GatewayJwt } | { status: 401; reason: string | null } | { status: 403; reason: string };

export interface LocalIssuer {
  issuer: string;
  audiences: string[];
  jwks: { keys: JWK[] };
  sign(request: z.output<typeof devTokenRequest>): Promise<string>;
  /** Checks the identity source (the Authorization header) against a route's authorization scopes. */
  authorize(authorization: string | undefined, routeScopes: readonly string[]): Promise<AuthorizerVerdict>;
}

export interface LocalIssuerOptions {
  /** Audiences the authorizer accepts (the stack's jwtAudience); the first one is put in dev tokens. */
  audiences?: string[];
  /** Where the private signing key is kept as a JWK, so tokens outlive a restart; without it, a fresh key. */
  keyFile?: string;
}

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function generateSigningKey(): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // A new key gets a new kid, so a token signed by a discarded key is refused for its kid, as API Gateway does.
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return {
    key: { privateKey, publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } },
    privateJwk,
  };
}

async function keyFromJwk(privateJwk: JWK): Promise<SigningKey> {
  const { kty, n, e, kid } = privateJwk;
  return {
    privateKey: (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey,
    publicJwk: { kty, n, e, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
  };
}

async function loadOrCreateSigningKey(keyFile: string | undefined): Promise<SigningKey> {
  if (keyFile && existsSync(keyFile)) return keyFromJwk(JSON.parse(readFileSync(keyFile, 'utf8')) as JWK);
  const { key, privateJwk } = await generateSigningKey();
  if (keyFile) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    chmodSync(keyFile, 0o600); // the mode above is masked by the umask
  }
  return key;
}

/** API Gateway hands claims to the integration as strings; arrays arrive as "[a b]". */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload))
    claims[key] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  return claims;
}

/** Scopes from `scope` (space-separated, RFC 8693) or `scp` (a list, or a string as some issuers write it). */
function scopesOf(payload: JWTPayload): string[] {
  const words = (value: unknown): string[] =>
    typeof value === 'string'
      ? value.split(' ')
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : [];
  return [...new Set([...words(payload.scope), ...words(payload.scp)])].filter(Boolean);
}

const refuse = (reason: string): AuthorizerVerdict => ({ status: 401, reason });

export async function createLocalIssuer(
  issuer: string,
  options: LocalIssuerOptions = {},
): Promise<LocalIssuer> {
  const audiences = options.audiences ?? [LOCAL_AUDIENCE];
  const { privateKey, publicJwk } = await loadOrCreateSigningKey(options.keyFile);
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  const knownKids = new Set(jwks.keys.map((k) => k.kid));

  return {
    issuer,
    audiences,
    jwks,
    sign: ({ role, subject, agency, name, title, citizenId, duties, expiresInSeconds }) =>
      new SignJWT({
        scope: role,
        ...(role === 'officer' ? { duties: duties ?? [...DUTIES] } : {}),
        ...(agency ? { agency } : {}),
        ...(name ? { name } : {}),
        ...(title ? { title } : {}),
        ...(citizenId ? { citizen_id: citizenId } : {}),
      })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: publicJwk.kid!, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audiences[0]!)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(privateKey),

    // The steps of API Gateway's JWT authorizer, in its documented order; any failing step refuses the request.
    async authorize(authorization, routeScopes) {
      // The identity source holds the token alone or prefixed with "Bearer".
      const source = (authorization ?? '').trim();
      const token = /^Bearer\s+(.*)$/i.exec(source)?.[1]?.trim() ?? source;
      if (!token) return { status: 401, reason: null };
      let kid: string | undefined;
      try {
        kid = decodeProtectedHeader(token).kid;
      } catch {
        return refuse('the token is not a valid JWT');
      }
      // jose would take the only key of the set for a token without a kid; API Gateway requires a matching kid.
      if (!kid || !knownKids.has(kid)) return refuse('the token has no kid matching a key of the issuer');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer,
          algorithms: GATEWAY_ALGORITHMS,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) return refuse('the token has expired');
        if (error instanceof errors.JOSEAlgNotAllowed)
          return refuse('the token has an unsupported algorithm');
        if (error instanceof errors.JWTClaimValidationFailed) {
          if (error.claim === 'iss') return refuse('the token does not have a valid issuer');
          if (error.claim === 'nbf') return refuse('the token is not valid yet');
          return refuse(`the token has an invalid ${error.claim} claim`);
        }
        return refuse('the token signature is invalid');
      }
      // jose checks iat only against a maximum age; API Gateway wants it in the past.
      const now = Math.floor(Date.now() / 1000);
      if (payload.iat !== undefined && payload.iat > now) return refuse('the token was issued in the future');
      // client_id stands in for aud only when the token has no aud (Cognito access tokens carry client_id).
      const tokenAudiences =
        payload.aud === undefined
          ? typeof payload.client_id === 'string'
            ? [payload.client_id]
            : []
          : [payload.aud].flat();
      if (!tokenAudiences.some((a) => audiences.includes(a)))
        return refuse('the token does not have a valid audience');
      const scopes = scopesOf(payload);
      if (routeScopes.length > 0 && !routeScopes.some((s) => scopes.includes(s)))
        return { status: 403, reason: `the token does not have any of the scopes ${routeScopes.join(' ')}` };
      return { status: 200, jwt: { claims: flattenClaims(payload), scopes } };
    },
  };
}
