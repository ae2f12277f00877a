// The trusted roots of result signatures, from the `TRUSTED_SIGNING_ROOTS` setting: a PEM bundle, given inline or as
// the path of a file (relative to the function's folder), read once per execution environment.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '../config.js';
import { certificatesFromPem } from './verify-pdf.js';

export const TRUSTED_ROOTS_SETTING = 'TRUSTED_SIGNING_ROOTS';

let cached: { setting: string; roots: ReturnType<typeof certificatesFromPem> } | null = null;

/** No setting means no trusted root: every signature is then reported `untrusted`, never `valid`. */
export function trustedSigningRoots(env: NodeJS.ProcessEnv = process.env) {
  const setting = env[TRUSTED_ROOTS_SETTING]?.trim() ?? '';
  if (cached?.setting === setting) return cached.roots;
  let pem = setting;
  if (setting && !setting.startsWith('-----BEGIN')) {
    try {
      pem = readFileSync(path.resolve(setting), 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `${TRUSTED_ROOTS_SETTING} names no readable file: ${(error as Error).message}`,
      );
    }
  }
  const roots = certificatesFromPem(pem);
  if (setting && roots.length === 0) {
    throw new ConfigurationError(`${TRUSTED_ROOTS_SETTING} holds no PEM certificate`);
  }
  cached = { setting, roots };
  return roots;
}
